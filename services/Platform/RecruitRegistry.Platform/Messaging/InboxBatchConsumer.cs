using MassTransit;
using RecruitRegistry.Platform.Data;

namespace RecruitRegistry.Platform.Messaging;

/// <summary>
/// An <see cref="InboxConsumer{TMessage,TDatabase}"/> that takes its messages in batches (MassTransit <c>Batch&lt;T&gt;</c>,
/// see <see cref="Hosting.PlatformExtensions.AddServiceBatchConsumer{T}"/>): every message's inbox row and effect, in
/// arrival order, in one transaction with one commit. For a busy queue that saves a transaction and a commit per message,
/// and lets the effect read reference data once per batch (<see cref="UnitOfWork.Items"/>).
/// <para>
/// A batch that fails is applied again message by message, each in its own transaction, so that one bad message holds
/// back only itself: the others commit, the first failure is rethrown at the end. MassTransit then retries the batch and
/// finally moves it to the error queue; the messages already applied are in the inbox, so retrying or replaying them
/// changes nothing.
/// </para>
/// </summary>
public abstract class InboxBatchConsumer<TMessage, TDatabase>(TDatabase database) : IConsumer<Batch<TMessage>>
    where TMessage : class
    where TDatabase : ServiceDatabase
{
    /// <summary>The inbox key's consumer part; stable across releases (renaming it would re-apply old messages).</summary>
    protected abstract string ConsumerName { get; }

    public async Task Consume(ConsumeContext<Batch<TMessage>> context)
    {
        var ct = context.CancellationToken;
        try
        {
            await using var work = await database.BeginAsync(ct);
            foreach (var message in context.Message)
            {
                await ApplyOnceAsync(message, work);
            }

            await work.CommitAsync();
            return;
        }
        catch (Exception) when (context.Message.Length > 1 && !ct.IsCancellationRequested)
        {
            // One by one below: which message failed, and the others applied.
        }

        Exception? first = null;
        foreach (var message in context.Message)
        {
            try
            {
                await using var work = await database.BeginAsync(ct);
                await ApplyOnceAsync(message, work);
                await work.CommitAsync();
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                first ??= e;
            }
        }

        if (first is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        }
    }

    /// <summary>
    /// The event's effect, in the batch's transaction (or, after a failed batch, the message's own); the same contract as
    /// <see cref="InboxConsumer{TMessage,TDatabase}"/>'s: versioned upserts, so a stale or out-of-order event changes nothing.
    /// </summary>
    protected abstract Task ApplyAsync(ConsumeContext<TMessage> context, UnitOfWork work);

    private async Task ApplyOnceAsync(ConsumeContext<TMessage> message, UnitOfWork work)
    {
        if (await InboxConsumer<TMessage, TDatabase>.ClaimAsync(work, message, ConsumerName))
        {
            await ApplyAsync(message, work);
        }
    }
}
