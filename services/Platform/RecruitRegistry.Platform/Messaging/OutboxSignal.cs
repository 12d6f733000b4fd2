namespace RecruitRegistry.Platform.Messaging;

/// <summary>
/// Wakes relays. A local commit that wrote outbox rows wakes this process's relay at once and asks the notifier to
/// tell relays in other processes (PostgreSQL NOTIFY, coalesced); a notification from another process only wakes
/// the local relay, so relays never notify each other in a loop. Several signals before a waiter wakes collapse
/// into one wake-up.
/// </summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim relay = new(0, 1);
    private readonly SemaphoreSlim others = new(0, 1);

    /// <summary>After a local commit that wrote events.</summary>
    public void Committed()
    {
        Release(relay);
        Release(others);
    }

    /// <summary>On a notification from another process.</summary>
    public void Wake() => Release(relay);

    /// <summary>The relay: waits for a signal or the timeout (the slow poll); true when signalled.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        relay.WaitAsync(timeout, cancellationToken);

    /// <summary>The notifier: waits until a local commit should be announced to other processes.</summary>
    public Task WaitForCommitAsync(CancellationToken cancellationToken) => others.WaitAsync(cancellationToken);

    private static void Release(SemaphoreSlim semaphore)
    {
        try
        {
            semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: the waiter reads everything there is when it wakes.
        }
    }
}
