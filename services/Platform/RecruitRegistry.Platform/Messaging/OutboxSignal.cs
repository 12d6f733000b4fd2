namespace RecruitRegistry.Platform.Messaging;

/// <summary>
/// Wakes a relay: set after a local commit that wrote outbox rows, or on a PostgreSQL notification from
/// another process. Several signals before the relay wakes collapse into one wake-up.
/// </summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim semaphore = new(0, 1);

    public void Notify()
    {
        try
        {
            semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: the relay reads every unsent row when it wakes.
        }
    }

    /// <summary>Waits for a signal or the timeout (the slow poll); true when signalled.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        semaphore.WaitAsync(timeout, cancellationToken);
}
