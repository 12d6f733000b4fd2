using MassTransit;

namespace RecruitRegistry.Platform.Messaging;

/// <summary>
/// Counts the messages this process is receiving, so a clean shutdown on the in-memory bus can tell when
/// every published message has been consumed.
/// </summary>
public sealed class BusActivityMonitor(TimeProvider clock) : IReceiveObserver
{
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(250);
    private int active;
    private long lastActivity = clock.GetTimestamp();

    public int Active => Volatile.Read(ref active);

    /// <summary>True once nothing was received for a quiet period; false if that did not happen within the timeout.</summary>
    public async Task<bool> WaitForIdleAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        while (true)
        {
            if (Active == 0 && clock.GetElapsedTime(Interlocked.Read(ref lastActivity)) >= QuietPeriod)
            {
                return true;
            }

            if (clock.GetElapsedTime(started) >= timeout)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25), clock, cancellationToken);
        }
    }

    private void Touch() => Interlocked.Exchange(ref lastActivity, clock.GetTimestamp());

    public Task PreReceive(ReceiveContext context)
    {
        Interlocked.Increment(ref active);
        Touch();
        return Task.CompletedTask;
    }

    public Task PostReceive(ReceiveContext context)
    {
        Interlocked.Decrement(ref active);
        Touch();
        return Task.CompletedTask;
    }

    public Task ReceiveFault(ReceiveContext context, Exception exception)
    {
        Interlocked.Decrement(ref active);
        Touch();
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class => Task.CompletedTask;
}
