namespace RecruitRegistry.Platform.Messaging;

/// <summary>
/// Wakes relays. A local commit that wrote outbox rows wakes this process's relay at once and asks the notifier to
/// tell relays in other processes (PostgreSQL NOTIFY, coalesced); a notification from another process only wakes
/// the local relay, so relays never notify each other in a loop. Several signals before a waiter wakes collapse
/// into one wake-up.
/// </summary>
public sealed class OutboxSignal
{
    private readonly Wakeup relay = new();
    private readonly Wakeup others = new();

    /// <summary>After a local commit that wrote events.</summary>
    public void Committed()
    {
        relay.Set();
        others.Set();
    }

    /// <summary>On a notification from another process.</summary>
    public void Wake() => relay.Set();

    /// <summary>The relay: waits for a signal or the timeout (the slow poll); true when signalled.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        relay.WaitAsync(timeout, cancellationToken);

    /// <summary>The notifier: waits until a local commit should be announced to other processes.</summary>
    public Task WaitForCommitAsync(CancellationToken cancellationToken) =>
        others.WaitAsync(Timeout.InfiniteTimeSpan, cancellationToken);

    /// <summary>
    /// A wake-up for one waiter that many threads may set at once. Every commit sets it, so setting one that is already
    /// pending must cost no more than reading a flag: only the set that raises the flag releases the semaphore (so its
    /// count never passes 1, and committers neither take its lock nor throw SemaphoreFullException). The waiter lowers
    /// the flag after it wakes and before it reads the outbox: a commit that found the flag still raised committed
    /// before the waiter lowered it, so the read that follows sees that commit's rows.
    /// </summary>
    private sealed class Wakeup
    {
        private readonly SemaphoreSlim semaphore = new(0, 1);
        private int pending;

        public void Set()
        {
            if (Interlocked.CompareExchange(ref pending, 1, 0) == 0)
            {
                semaphore.Release();
            }
        }

        public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (!await semaphore.WaitAsync(timeout, cancellationToken))
            {
                return false;
            }

            Interlocked.Exchange(ref pending, 0);
            return true;
        }
    }
}
