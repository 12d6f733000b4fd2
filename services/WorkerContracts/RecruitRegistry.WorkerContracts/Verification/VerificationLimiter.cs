using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Hosting;
using RecruitRegistry.Platform.Security;

namespace RecruitRegistry.WorkerContracts.Verification;

/// <summary>
/// Counts failed worker verifications per client (its address, or its IPv6 /64: <see cref="ClientAddress"/>) in a
/// sliding window. A client that used up its failures is refused until its oldest failure leaves the window. Failures
/// are never counted against the reference: anyone who knows a reference could then lock its worker out, and an agency
/// always knows its workers' references. Guessing is bounded by the code's 55 bits and this per-client limit
/// (docs/security.md gives the bound). Only failures leave a trace: a successful verification allocates nothing, and a
/// client's log expires a window after its last failure (MemoryCache), so memory follows the failures. Counts live in
/// this process: each instance of the service limits on its own.
/// </summary>
internal sealed class VerificationLimiter : IDisposable
{
    private const string Message = "too many failed verification attempts; try again later";

    private readonly MemoryCache failures = new(new MemoryCacheOptions { ExpirationScanFrequency = TimeSpan.FromMinutes(1) });
    private readonly VerificationOptions options;
    private readonly TimeProvider clock;

    public VerificationLimiter(IOptions<WorkerContractsOptions> options, WorkerContractsDatabase database)
    {
        this.options = options.Value.Verification;
        clock = database.Clock;
    }

    /// <summary>RESOURCE_EXHAUSTED when the client has no failures left.</summary>
    public void ThrowIfBlocked(string client)
    {
        if (Count(client, clock.GetUtcNow()) >= options.FailuresPerClient)
        {
            Telemetry.RateLimitRefusals.Add(1, new KeyValuePair<string, object?>("limit", "verification_failures"));
            throw new RateLimited(Message);
        }
    }

    public void RecordFailure(string client)
    {
        Failures.Add(1);
        Record(client, clock.GetUtcNow());
    }

    /// <summary>Wrong codes and unknown references alike (they are one answer to the caller, and one count here).</summary>
    private static readonly System.Diagnostics.Metrics.Counter<long> Failures = new System.Diagnostics.Metrics.Meter(Telemetry.Prefix + ".WorkerContracts")
        .CreateCounter<long>("recruit.verification.failures", "{request}", "Verifications and worker reports refused for a wrong code or an unknown reference");

    public void Dispose() => failures.Dispose();

    private int Count(string key, DateTimeOffset now) =>
        failures.TryGetValue(key, out FailureLog? log) ? log!.CountSince(now - options.Window) : 0;

    private void Record(string key, DateTimeOffset now)
    {
        FailureLog log;
        lock (failures) // two first failures of one key at once must share one log
        {
            if (!failures.TryGetValue(key, out FailureLog? existing))
            {
                existing = new FailureLog();
            }

            log = existing!;
            failures.Set(key, log, new MemoryCacheEntryOptions { AbsoluteExpiration = now + options.Window });
        }

        log.Add(now, now - options.Window);
    }

    /// <summary>The times of one key's failures within the window (at most the limit's worth matter; older ones drop).</summary>
    private sealed class FailureLog
    {
        private const int MaxKept = 10_000;
        private readonly Queue<DateTimeOffset> times = new();

        public void Add(DateTimeOffset at, DateTimeOffset windowStart)
        {
            lock (times)
            {
                Drop(windowStart);
                if (times.Count < MaxKept)
                {
                    times.Enqueue(at);
                }
            }
        }

        public int CountSince(DateTimeOffset windowStart)
        {
            lock (times)
            {
                Drop(windowStart);
                return times.Count;
            }
        }

        private void Drop(DateTimeOffset windowStart)
        {
            while (times.Count > 0 && times.Peek() <= windowStart)
            {
                times.Dequeue();
            }
        }
    }
}
