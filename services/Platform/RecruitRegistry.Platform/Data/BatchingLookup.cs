namespace RecruitRegistry.Platform.Data;

/// <summary>
/// Answers look-ups by key that arrive together with one read per batch instead of one per look-up. A look-up that
/// finds a lane free starts a read at once, so an idle service adds no wait; look-ups that arrive while every lane is
/// reading queue up and go together in the next read. Under load the database then runs one statement for many callers
/// and its per-statement cost (a round trip, parse, plan, executor start, the driver's and the mapper's per-command
/// work) is shared among them.
/// </summary>
/// <remarks>
/// Each read is one statement, so every look-up still sees one consistent snapshot. A read that fails fails every
/// look-up in its batch, with its exception; the next batch reads afresh. A caller's cancellation ends only its wait:
/// the read it joined goes on for the others.
/// </remarks>
public sealed class BatchingLookup<TKey, TValue>
    where TKey : notnull
    where TValue : class
{
    private readonly BatchQueue<TKey, TValue?> queue;

    /// <param name="read">Reads the values of distinct keys in one statement; a key without a value is left out.</param>
    /// <param name="lanes">How many reads may run at once.</param>
    /// <param name="maxBatch">The most keys one read is given.</param>
    public BatchingLookup(Func<TKey[], CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> read, int lanes, int maxBatch) =>
        queue = new BatchQueue<TKey, TValue?>(
            async batch => Answer(batch, await read(DistinctKeys(batch), CancellationToken.None)), lanes, maxBatch);

    /// <summary>
    /// Reads with blocking I/O, each lane on a thread-pool thread that waits for its reads
    /// (<see cref="BatchQueue{TItem,TResult}(Action{IReadOnlyList{BatchQueue{TItem,TResult}.Entry}},int,int)"/>).
    /// </summary>
    /// <param name="readBlocking">Reads the values of distinct keys in one statement; a key without a value is left out.</param>
    /// <param name="lanes">How many reads may run at once.</param>
    /// <param name="maxBatch">The most keys one read is given.</param>
    public BatchingLookup(Func<TKey[], IReadOnlyDictionary<TKey, TValue>> readBlocking, int lanes, int maxBatch) =>
        queue = new BatchQueue<TKey, TValue?>(batch => Answer(batch, readBlocking(DistinctKeys(batch))), lanes, maxBatch);

    /// <summary>The value of <paramref name="key"/>, or null where there is none.</summary>
    public Task<TValue?> GetAsync(TKey key, CancellationToken cancellationToken) => queue.RunAsync(key, cancellationToken);

    private static TKey[] DistinctKeys(IReadOnlyList<BatchQueue<TKey, TValue?>.Entry> batch) => batch.Select(e => e.Item).Distinct().ToArray();

    private static void Answer(IReadOnlyList<BatchQueue<TKey, TValue?>.Entry> batch, IReadOnlyDictionary<TKey, TValue> values)
    {
        foreach (var entry in batch)
        {
            entry.Complete(values.GetValueOrDefault(entry.Item));
        }
    }
}
