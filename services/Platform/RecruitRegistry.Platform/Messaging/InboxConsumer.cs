using MassTransit;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Hosting;

namespace RecruitRegistry.Platform.Messaging;

/// <summary>
/// Applies an integration event exactly once per consumer: the inbox row (message id, consumer) and the
/// event's effect commit in one transaction. A duplicate is recognised by the inbox key on insert, never by
/// reading first. Exceptions roll everything back and go to MassTransit's retry, then the error queue.
/// </summary>
public abstract class InboxConsumer<TMessage, TDatabase>(TDatabase database) : IConsumer<TMessage>
    where TMessage : class
    where TDatabase : ServiceDatabase
{
    /// <summary>The inbox key's consumer part; stable across releases (renaming it would re-apply old messages).</summary>
    protected abstract string ConsumerName { get; }

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        await using var work = await database.BeginAsync(context.CancellationToken);
        if (!await ClaimAsync(work, context, ConsumerName))
        {
            return; // already applied; disposing rolls the empty transaction back
        }

        await ApplyAsync(context, work);
        await work.CommitAsync();
    }

    /// <summary>
    /// The event's effect, in the inbox transaction (the context gives the message, its id and headers). Replicas upsert with
    /// <c>ON CONFLICT (id) DO UPDATE … WHERE replica.version &lt; excluded.version</c>, so a stale or
    /// out-of-order event changes nothing.
    /// </summary>
    protected abstract Task ApplyAsync(ConsumeContext<TMessage> context, UnitOfWork work);

    /// <summary>
    /// Inserts the message's inbox row (message id, consumer) in the transaction: true the first time, false for a
    /// duplicate. Shared with <see cref="InboxBatchConsumer{TMessage,TDatabase}"/>.
    /// </summary>
    internal static async Task<bool> ClaimAsync(UnitOfWork work, ConsumeContext<TMessage> context, string consumer)
    {
        var fresh = await work.ExecuteAsync(OutboxSql.InsertInbox, new { MessageId = MessageIdOf(context), Consumer = consumer, ReceivedAt = work.Now }) == 1;
        Claimed(work, context, consumer, fresh);
        return fresh;
    }

    /// <summary>Counts a duplicate, or measures how long a new message took from its publication to being applied.</summary>
    internal static void Claimed(UnitOfWork work, ConsumeContext<TMessage> context, string consumer, bool fresh)
    {
        var tag = new KeyValuePair<string, object?>("consumer", consumer);
        if (!fresh)
        {
            Telemetry.InboxDuplicates.Add(1, tag);
        }
        else if (context.SentTime is { } sent)
        {
            Telemetry.ConsumeLag.Record(Math.Max(0, (work.Now.UtcDateTime - sent).TotalSeconds), tag);
        }
    }

    internal static Guid MessageIdOf(ConsumeContext<TMessage> context) => context.MessageId
        ?? throw new InvalidOperationException($"A {typeof(TMessage).Name} arrived without a MessageId.");
}
