using System.Collections.Concurrent;

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
    private readonly Func<TKey[], CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> read;
    private readonly int lanes;
    private readonly int maxBatch;
    private readonly ConcurrentQueue<Pending> queue = new();
    private int reading;

    /// <param name="read">Reads the values of distinct keys in one statement; a key without a value is left out.</param>
    /// <param name="lanes">How many reads may run at once.</param>
    /// <param name="maxBatch">The most keys one read is given.</param>
    public BatchingLookup(Func<TKey[], CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> read, int lanes, int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lanes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        this.read = read;
        this.lanes = lanes;
        this.maxBatch = maxBatch;
    }

    /// <summary>The value of <paramref name="key"/>, or null where there is none.</summary>
    public Task<TValue?> GetAsync(TKey key, CancellationToken cancellationToken)
    {
        var pending = new Pending(key);
        queue.Enqueue(pending);
        if (TryTakeLane())
        {
            _ = ReadWhileQueuedAsync();
        }

        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    private bool TryTakeLane()
    {
        var current = Volatile.Read(ref reading);
        while (current < lanes)
        {
            var seen = Interlocked.CompareExchange(ref reading, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    private async Task ReadWhileQueuedAsync()
    {
        var batch = new List<Pending>(maxBatch);
        while (true)
        {
            while (batch.Count < maxBatch && queue.TryDequeue(out var pending))
            {
                batch.Add(pending);
            }

            if (batch.Count == 0)
            {
                Interlocked.Decrement(ref reading);

                // A look-up queued between the drain above and the release found every lane taken: take one back.
                if (queue.IsEmpty || !TryTakeLane())
                {
                    return;
                }

                continue;
            }

            await ReadBatchAsync(batch);
            batch.Clear();
        }
    }

    private async Task ReadBatchAsync(List<Pending> batch)
    {
        try
        {
            var keys = batch.Select(p => p.Key).Distinct().ToArray();
            var values = await read(keys, CancellationToken.None);
            foreach (var pending in batch)
            {
                pending.Completion.TrySetResult(values.GetValueOrDefault(pending.Key));
            }
        }
        catch (Exception ex)
        {
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(ex);
            }
        }
    }

    private sealed class Pending(TKey key)
    {
        public TKey Key { get; } = key;

        public TaskCompletionSource<TValue?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
