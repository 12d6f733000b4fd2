using System.Collections.Concurrent;

namespace RecruitRegistry.Platform.Data;

/// <summary>
/// Answers look-ups by key that arrive together with one read instead of one per look-up. A look-up that finds a lane
/// free starts a read at once, so an idle service adds no wait; look-ups that arrive while every lane is reading queue
/// up and go together in the next read. Under load the database runs one statement for many callers, and its cost per
/// statement (a round trip, a backend's wake-up, executor start) is shared among them.
/// </summary>
/// <remarks>
/// Each read is one statement, so every look-up sees one consistent snapshot. A read that fails fails every look-up of
/// its batch; the next batch reads afresh. A caller's cancellation ends only its wait: the read it joined goes on for
/// the others.
/// </remarks>
public sealed class BatchingLookup<TKey, TValue>
    where TKey : notnull
    where TValue : class
{
    private readonly Func<TKey[], CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> read;
    private readonly int lanes;
    private readonly int maxBatch;
    private readonly ConcurrentQueue<(TKey Key, TaskCompletionSource<TValue?> Answer)> queue = new();
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
        var answer = new TaskCompletionSource<TValue?>(TaskCreationOptions.RunContinuationsAsynchronously);
        queue.Enqueue((key, answer));
        if (TryTakeLane())
        {
            _ = ReadWhileQueuedAsync();
        }

        return answer.Task.WaitAsync(cancellationToken);
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
        var batch = new List<(TKey Key, TaskCompletionSource<TValue?> Answer)>(maxBatch);
        while (TakeBatch(batch))
        {
            try
            {
                var values = await read(batch.Select(b => b.Key).Distinct().ToArray(), CancellationToken.None);
                batch.ForEach(b => b.Answer.TrySetResult(values.GetValueOrDefault(b.Key)));
            }
            catch (Exception ex)
            {
                batch.ForEach(b => b.Answer.TrySetException(ex));
            }

            batch.Clear();
        }
    }

    /// <summary>Fills <paramref name="batch"/> from the queue; when the queue is empty, gives the lane up and answers false.</summary>
    private bool TakeBatch(List<(TKey Key, TaskCompletionSource<TValue?> Answer)> batch)
    {
        while (true)
        {
            while (batch.Count < maxBatch && queue.TryDequeue(out var entry))
            {
                batch.Add(entry);
            }

            if (batch.Count > 0)
            {
                return true;
            }

            Interlocked.Decrement(ref reading);

            // A look-up queued between the drain above and the release found every lane taken: take one back.
            if (queue.IsEmpty || !TryTakeLane())
            {
                return false;
            }
        }
    }
}
