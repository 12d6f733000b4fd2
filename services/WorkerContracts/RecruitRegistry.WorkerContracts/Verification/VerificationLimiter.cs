using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using RecruitRegistry.Platform.Errors;

namespace RecruitRegistry.WorkerContracts.Verification;

/// <summary>
/// Counts failed worker verifications per reference and per client in sliding windows (System.Threading.RateLimiting).
/// A reference or a client that used up its failures is refused, right code or not, until the window slides past, so
/// guessing a 55-bit code is hopeless. Counts live in this process: each instance of the service limits on its own.
/// </summary>
internal sealed class VerificationLimiter : IDisposable
{
    private const string Message = "too many failed verification attempts; try again later";

    private readonly PartitionedRateLimiter<string> failures;

    public VerificationLimiter(IOptions<WorkerContractsOptions> options)
    {
        var o = options.Value.Verification;
        failures = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, k => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = k.StartsWith("reference:", StringComparison.Ordinal) ? o.FailuresPerReference : o.FailuresPerClient,
            Window = o.Window,
            SegmentsPerWindow = 5,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>RESOURCE_EXHAUSTED when the reference or the client has no failures left.</summary>
    public void ThrowIfBlocked(string reference, string client)
    {
        if (Left(ReferenceKey(reference)) <= 0 || Left(ClientKey(client)) <= 0)
        {
            throw new RateLimited(Message);
        }
    }

    public void RecordFailure(string reference, string client)
    {
        using var byReference = failures.AttemptAcquire(ReferenceKey(reference));
        using var byClient = failures.AttemptAcquire(ClientKey(client));
    }

    private long Left(string key) => failures.GetStatistics(key)?.CurrentAvailablePermits ?? 1;

    private static string ReferenceKey(string reference) => "reference:" + reference;

    private static string ClientKey(string client) => "client:" + client;

    public void Dispose() => failures.Dispose();
}
