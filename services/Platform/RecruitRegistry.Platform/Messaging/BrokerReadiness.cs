using MassTransit;

namespace RecruitRegistry.Platform.Messaging;

/// <summary>
/// Tells the outbox relays that the broker is reachable again. Every receive endpoint of the bus reports Ready when
/// it has (re)connected and started consuming, so after an outage the first endpoint back is the first sign that
/// publishing can succeed again. A relay that failed to publish waits for that sign or the end of its back-off,
/// whichever comes first, instead of sleeping through the broker's return (docs/reliability.md).
/// <para>
/// Each Ready raises a generation count. A relay reads the count before an attempt and, if the attempt fails, waits
/// for <see cref="ReadyAfter"/> that count: an endpoint that came back while the failing attempt was still under way
/// counts too, so the wake-up cannot be missed between the attempt and the wait.
/// </para>
/// </summary>
public sealed class BrokerReadiness : IReceiveEndpointObserver
{
    private TaskCompletionSource next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long generation;

    /// <summary>How many times an endpoint has reported Ready so far.</summary>
    public long Generation => Interlocked.Read(ref generation);

    /// <summary>Completes once an endpoint has reported Ready after <paramref name="seen"/> was read from <see cref="Generation"/>.</summary>
    public Task ReadyAfter(long seen)
    {
        // The task is read before the count: a Ready in between raises the count first and completes this task after,
        // so either the count has moved (done) or this task is the one the next Ready completes.
        var pending = Volatile.Read(ref next).Task;
        return Generation != seen ? Task.CompletedTask : pending;
    }

    /// <summary>An endpoint connected: wakes everything waiting for readiness.</summary>
    public void Signal()
    {
        Interlocked.Increment(ref generation);
        Interlocked.Exchange(ref next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    public Task Ready(ReceiveEndpointReady ready)
    {
        if (ready.IsStarted)
        {
            Signal();
        }

        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}
