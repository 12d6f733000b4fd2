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
}
