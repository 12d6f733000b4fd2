using RecruitRegistry.Platform.Messaging;

namespace RecruitRegistry.Platform.Tests.Messaging;

/// <summary>The wake-up between committers and the relay: collapsed, never lost, cheap for the committers.</summary>
public sealed class OutboxSignalTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task Commits_before_the_relay_waits_collapse_into_one_wake_up()
    {
        var signal = new OutboxSignal();
        for (var i = 0; i < 100; i++)
        {
            signal.Committed();
        }

        Assert.True(await signal.WaitAsync(Short, CancellationToken.None));
        Assert.False(await signal.WaitAsync(Short, CancellationToken.None));

        signal.Wake();
        Assert.True(await signal.WaitAsync(Short, CancellationToken.None));
    }

    [Fact]
    public async Task The_notifier_is_woken_by_local_commits_only()
    {
        var signal = new OutboxSignal();
        signal.Wake();
        var notifier = signal.WaitForCommitAsync(CancellationToken.None);
        await Task.Delay(Short);
        Assert.False(notifier.IsCompleted);

        signal.Committed();
        await notifier.WaitAsync(TimeSpan.FromSeconds(5));
    }

    /// <summary>
    /// Eight committers race a relay that, like the real one, reads "the outbox" (a counter) after each wake-up. Once the
    /// committers stop, the relay must have read the last commit without waiting out its poll: a commit whose signal
    /// collapsed into one being consumed must still be seen by the read after that wake-up.
    /// </summary>
    [Fact]
    public async Task A_commit_racing_a_wake_up_is_never_lost()
    {
        var signal = new OutboxSignal();
        long committed = 0, read = 0;
        var poll = TimeSpan.FromSeconds(30);
        using var stop = new CancellationTokenSource();

        var relay = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (!await signal.WaitAsync(poll, stop.Token).ConfigureAwait(false))
                {
                    throw new InvalidOperationException("the relay waited out its poll: a wake-up was lost");
                }

                Volatile.Write(ref read, Interlocked.Read(ref committed));
            }
        });
        var committers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                Interlocked.Increment(ref committed);
                signal.Committed();
            }
        })).ToArray();
        await Task.WhenAll(committers);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (Volatile.Read(ref read) != 160_000 && DateTime.UtcNow < deadline && !relay.IsCompleted)
        {
            await Task.Delay(1);
        }

        Assert.Equal(160_000, Volatile.Read(ref read));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => relay);
    }
}
