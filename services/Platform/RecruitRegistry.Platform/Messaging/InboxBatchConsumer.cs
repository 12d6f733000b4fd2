using MassTransit;
using RecruitRegistry.Platform.Data;

namespace RecruitRegistry.Platform.Messaging;

/// <summary>
/// An <see cref="InboxConsumer{TMessage,TDatabase}"/> that takes its messages in batches (MassTransit <c>Batch&lt;T&gt;</c>,
/// see <see cref="Hosting.PlatformExtensions.AddServiceBatchConsumer{T}"/>): every message's inbox row and effect, in
/// arrival order, in one transaction with one commit. For a busy queue that saves a transaction and a commit per message.
/// On PostgreSQL the batch's inbox rows are claimed by one statement, and an effect that overrides
/// <see cref="ApplyAsync(IReadOnlyList{ConsumeContext{TMessage}}, UnitOfWork)"/> handles all the new messages at once
/// (set-based reads, its writes in the batch's transaction).
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
            var fresh = await ClaimAsync(work, context.Message.ToList());
            if (fresh.Count > 0)
            {
                await ApplyAsync(fresh, work);
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
                if (await InboxConsumer<TMessage, TDatabase>.ClaimAsync(work, message, ConsumerName))
                {
                    await ApplyAsync([message], work);
                }

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

    /// <summary>
    /// The effect of the batch's messages not applied before (each claimed in the inbox), in arrival order, in one
    /// transaction. By default each message's <see cref="ApplyAsync(ConsumeContext{TMessage}, UnitOfWork)"/> in turn;
    /// override it to read what the whole batch needs at once. After a failed batch it is called with one message at a time.
    /// </summary>
    protected virtual async Task ApplyAsync(IReadOnlyList<ConsumeContext<TMessage>> messages, UnitOfWork work)
    {
        foreach (var message in messages)
        {
            await ApplyAsync(message, work);
        }
    }

    /// <summary>
    /// Inserts the inbox rows of the batch and answers the messages whose row is new, in arrival order (a message that
    /// came twice in one batch, once). PostgreSQL: one statement for the batch; a row another transaction holds uncommitted
    /// makes it wait for that commit, as a single claim does. SQLite (standalone, one process): a claim per message.
    /// </summary>
    private async Task<List<ConsumeContext<TMessage>>> ClaimAsync(UnitOfWork work, IReadOnlyList<ConsumeContext<TMessage>> messages)
    {
        var fresh = new List<ConsumeContext<TMessage>>(messages.Count);
        if (work.Dialect.ClaimInboxBatchSql is not { } claimBatch)
        {
            foreach (var message in messages)
            {
                if (await InboxConsumer<TMessage, TDatabase>.ClaimAsync(work, message, ConsumerName))
                {
                    fresh.Add(message);
                }
            }

            return fresh;
        }

        var ids = messages.Select(InboxConsumer<TMessage, TDatabase>.MessageIdOf).Distinct().ToArray();
        var claimed = (await work.QueryAsync<Guid>(claimBatch, new { MessageIds = ids, Consumer = ConsumerName, ReceivedAt = work.Now })).ToHashSet();
        foreach (var message in messages)
        {
            var isFresh = claimed.Remove(InboxConsumer<TMessage, TDatabase>.MessageIdOf(message));
            InboxConsumer<TMessage, TDatabase>.Claimed(work, message, ConsumerName, isFresh);
            if (isFresh)
            {
                fresh.Add(message);
            }
        }

        return fresh;
    }
}
