using System.Collections.Concurrent;
using RecruitRegistry.Platform.Data;

namespace RecruitRegistry.Platform.Tests.Data;

/// <summary>
/// What a run of <see cref="BatchQueue{TItem,TResult}"/> owes every item of its batch: an answer. The queue's lanes and
/// batching are tested through <see cref="BatchingLookup{TKey,TValue}"/> (BatchingLookupTests).
/// </summary>
public sealed class BatchQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_run_that_throws_fails_the_items_it_has_not_answered_and_keeps_the_answers_it_gave()
    {
        var hold = new TaskCompletionSource();
        var queue = new BatchQueue<int, int>(
            async batch =>
            {
                if (batch[0].Item == 0)
                {
                    await hold.Task;
                    batch[0].Complete(0);
                    return;
                }

                batch[0].Complete(batch[0].Item * 10);
                batch[1].Fail(new ArgumentException("item 2 refused"));
                throw new InvalidOperationException("the run broke");
            },
            lanes: 1,
            maxBatch: 10);

        var blocker = queue.RunAsync(0, CancellationToken.None); // takes the lane alone, held
        var items = new[] { 1, 2, 3 }.Select(i => queue.RunAsync(i, CancellationToken.None)).ToList();
        hold.SetResult();

        Assert.Equal(0, await blocker.WaitAsync(Patience));
        Assert.Equal(10, await items[0].WaitAsync(Patience));
        Assert.Equal("item 2 refused", (await Assert.ThrowsAsync<ArgumentException>(() => items[1].WaitAsync(Patience))).Message);
        Assert.Equal("the run broke", (await Assert.ThrowsAsync<InvalidOperationException>(() => items[2].WaitAsync(Patience))).Message);
    }

    [Fact]
    public async Task An_item_the_run_leaves_unanswered_fails_instead_of_waiting_forever()
    {
        var queue = new BatchQueue<int, int>(batch => Task.CompletedTask, lanes: 1, maxBatch: 10);
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => queue.RunAsync(1, CancellationToken.None).WaitAsync(Patience));
        Assert.Contains("without answering", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blocking_run_holds_a_pool_thread_of_its_own_never_the_callers()
    {
        using var hold = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        var callerThread = Environment.CurrentManagedThreadId;
        var runThreads = new ConcurrentBag<(int Id, bool Pool)>();
        var queue = new BatchQueue<int, int>(
            batch =>
            {
                runThreads.Add((Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread));
                started.Set();
                Assert.True(hold.Wait(Patience), "the test never released the run");
                foreach (var entry in batch)
                {
                    entry.Complete(entry.Item * 10);
                }
            },
            lanes: 1,
            maxBatch: 10);

        var first = queue.RunAsync(1, CancellationToken.None); // returns while its run blocks
        Assert.True(started.Wait(Patience), "the run did not start");
        var queued = new[] { 2, 3 }.Select(i => queue.RunAsync(i, CancellationToken.None)).ToList();
        Assert.False(first.IsCompleted);
        hold.Set();

        Assert.Equal(10, await first.WaitAsync(Patience));
        var answers = await Task.WhenAll(queued).WaitAsync(Patience);
        Assert.Equal([20, 30], answers);
        Assert.Equal(2, runThreads.Count); // the first item alone, then the two queued behind it
        Assert.All(runThreads, t => Assert.True(t.Pool && t.Id != callerThread));
    }

    [Fact]
    public async Task A_blocking_run_that_throws_fails_the_items_it_has_not_answered_and_keeps_the_answers_it_gave()
    {
        using var hold = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        var queue = new BatchQueue<int, int>(
            batch =>
            {
                if (batch[0].Item == 0)
                {
                    started.Set();
                    Assert.True(hold.Wait(Patience), "the test never released the run");
                    batch[0].Complete(0);
                    return;
                }

                batch[0].Complete(batch[0].Item * 10);
                throw new InvalidOperationException("the run broke");
            },
            lanes: 1,
            maxBatch: 10);

        var blocker = queue.RunAsync(0, CancellationToken.None); // takes the lane alone, held
        Assert.True(started.Wait(Patience), "the run did not start"); // the lane starts later, on a pool thread
        var items = new[] { 1, 2 }.Select(i => queue.RunAsync(i, CancellationToken.None)).ToList();
        hold.Set();

        Assert.Equal(0, await blocker.WaitAsync(Patience));
        Assert.Equal(10, await items[0].WaitAsync(Patience));
        Assert.Equal("the run broke", (await Assert.ThrowsAsync<InvalidOperationException>(() => items[1].WaitAsync(Patience))).Message);
    }
}
