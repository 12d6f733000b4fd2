using System.Collections.Concurrent;

namespace RecruitRegistry.Platform.Data;

/// <summary>
/// Runs work that arrives together as one batch instead of one run per item. An item that finds a lane free starts a
/// run at once, so an idle service adds no wait; items that arrive while every lane is busy queue up and go together in
/// the next run of a lane. Under load the per-run cost (a round trip, a statement's parse, plan and executor start, a
/// commit) is shared by every item of the batch. <see cref="BatchingLookup{TKey,TValue}"/> reads with it;
/// WorkerContracts registers contracts with it.
/// </summary>
/// <remarks>
/// A run completes or fails each item of its batch; an item it leaves open fails with the run's exception, or with an
/// <see cref="InvalidOperationException"/> when the run returned without answering it. A caller's cancellation ends
/// only its wait: the run it joined goes on for the others (and may still complete its item).
/// </remarks>
public sealed class BatchQueue<TItem, TResult>
{
    private readonly Func<IReadOnlyList<Entry>, Task> run;
    private readonly bool blocking;
    private readonly int lanes;
    private readonly int maxBatch;
    private readonly ConcurrentQueue<Entry> queue = new();
    private int running;

    /// <param name="run">Runs one batch, completing or failing each of its entries.</param>
    /// <param name="lanes">How many runs may go on at once.</param>
    /// <param name="maxBatch">The most items one run is given.</param>
    public BatchQueue(Func<IReadOnlyList<Entry>, Task> run, int lanes, int maxBatch)
        : this(run, blocking: false, lanes, maxBatch)
    {
    }

    /// <summary>
    /// Batches run one after the other on a thread-pool thread that waits for each (blocking I/O) instead of awaiting
    /// it: a lane busy under load holds its thread, never the caller's. At most <paramref name="lanes"/> threads are
    /// held, and only while items are queued, so keep the lanes few. On VerifyContract's shared reads it cost 7% less
    /// CPU per call than awaited reads, on the database's side most (docs/benchmarks.md).
    /// </summary>
    /// <param name="runBlocking">Runs one batch to its end, completing or failing each of its entries.</param>
    /// <param name="lanes">How many runs may go on at once.</param>
    /// <param name="maxBatch">The most items one run is given.</param>
    public BatchQueue(Action<IReadOnlyList<Entry>> runBlocking, int lanes, int maxBatch)
        : this(batch => { runBlocking(batch); return Task.CompletedTask; }, blocking: true, lanes, maxBatch)
    {
    }

    private BatchQueue(Func<IReadOnlyList<Entry>, Task> run, bool blocking, int lanes, int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lanes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        this.run = run;
        this.blocking = blocking;
        this.lanes = lanes;
        this.maxBatch = maxBatch;
    }

    /// <summary>Queues <paramref name="item"/> and answers what the run that takes it gives it.</summary>
    public Task<TResult> RunAsync(TItem item, CancellationToken cancellationToken)
    {
        var entry = new Entry(item);
        queue.Enqueue(entry);
        if (TryTakeLane())
        {
            if (blocking)
            {
                // The blocking runs complete the loop synchronously, on the pool thread this item gets.
                ThreadPool.UnsafeQueueUserWorkItem(static self => _ = self.RunWhileQueuedAsync(), this, preferLocal: false);
            }
            else
            {
                _ = RunWhileQueuedAsync();
            }
        }

        return entry.Completion.Task.WaitAsync(cancellationToken);
    }

    private bool TryTakeLane()
    {
        var current = Volatile.Read(ref running);
        while (current < lanes)
        {
            var seen = Interlocked.CompareExchange(ref running, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    private async Task RunWhileQueuedAsync()
    {
        var batch = new List<Entry>(maxBatch);
        while (TakeBatch(batch))
        {
            Exception? failure = null;
            try
            {
                await run(batch);
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            foreach (var entry in batch)
            {
                entry.Fail(failure ?? new InvalidOperationException("the batch ended without answering this item"));
            }

            batch.Clear();
        }
    }

    /// <summary>
    /// Fills <paramref name="batch"/> from the queue; when the queue is empty, gives the lane up and answers false.
    /// </summary>
    private bool TakeBatch(List<Entry> batch)
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

            Interlocked.Decrement(ref running);

            // An item queued between the drain above and the release found every lane taken: take one back.
            if (queue.IsEmpty || !TryTakeLane())
            {
                return false;
            }
        }
    }

    /// <summary>An item of a batch, and its answer.</summary>
    public sealed class Entry(TItem item)
    {
        public TItem Item { get; } = item;

        internal TaskCompletionSource<TResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Answers the item (once: a later answer is ignored).</summary>
        public void Complete(TResult result) => Completion.TrySetResult(result);

        /// <summary>Fails the item (once: a later answer is ignored).</summary>
        public void Fail(Exception exception) => Completion.TrySetException(exception);
    }
}
