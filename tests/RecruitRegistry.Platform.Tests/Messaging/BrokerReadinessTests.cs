using RecruitRegistry.Platform.Messaging;

namespace RecruitRegistry.Platform.Tests.Messaging;

/// <summary>The sign that the broker is back, as the relay reads it around a failed attempt.</summary>
public sealed class BrokerReadinessTests
{
    [Fact]
    public async Task A_ready_endpoint_after_the_count_was_read_completes_the_wait_even_if_it_came_before_the_wait()
    {
        var readiness = new BrokerReadiness();
        var seen = readiness.Generation;
        Assert.False(readiness.ReadyAfter(seen).IsCompleted);

        readiness.Signal(); // during the attempt, before the relay starts to wait
        Assert.True(readiness.ReadyAfter(seen).IsCompleted);

        var next = readiness.Generation;
        var waiting = readiness.ReadyAfter(next);
        Assert.False(waiting.IsCompleted);
        readiness.Signal(); // while the relay waits
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(readiness.ReadyAfter(readiness.Generation).IsCompleted);
    }

    [Fact]
    public async Task Signals_racing_readers_are_never_missed()
    {
        var readiness = new BrokerReadiness();
        var signaller = Task.Run(async () =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                readiness.Signal();
                if (i % 100 == 0)
                {
                    await Task.Yield();
                }
            }
        });

        // Every wait begun from a count read before some later signal must complete.
        var waits = new List<Task>();
        while (!signaller.IsCompleted)
        {
            waits.Add(readiness.ReadyAfter(readiness.Generation));
        }

        await signaller;
        readiness.Signal();
        await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(10));
    }
}
