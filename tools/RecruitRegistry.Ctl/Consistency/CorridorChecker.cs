using Grpc.Core;
using RecruitRegistry.Contracts.Common.V1;
using AuditsApi = RecruitRegistry.Contracts.FeeAudits.V1;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;
using LicensingApi = RecruitRegistry.Contracts.Licensing.V1;

namespace RecruitRegistry.Ctl.Consistency;

/// <summary>One kind of record as its owner and one replica holder digest it.</summary>
public sealed record KindComparison(string Kind, string Owner, string Holder, KindDigest? OwnerDigest, KindDigest? HolderDigest)
{
    public bool Agrees => ((OwnerDigest?.ItemCount ?? 0) == 0 && (HolderDigest?.ItemCount ?? 0) == 0) || OwnerDigest?.Sha256 == HolderDigest?.Sha256;

    public override string ToString() =>
        $"{Kind,-9} {Owner} {Count(OwnerDigest)} vs {Holder} {Count(HolderDigest)}: {(Agrees ? "equal" : "DIFFERENT")}";

    private static string Count(KindDigest? d) => d is null ? "none" : $"{d.ItemCount} items";
}

/// <summary>What a check found, and (with repair) what republishing did.</summary>
public sealed record CheckResult(IReadOnlyList<KindComparison> Before, IReadOnlyList<string> Republished, IReadOnlyList<KindComparison> After)
{
    public bool ConsistentBefore => Before.All(c => c.Agrees);

    public bool ConsistentAfter => After.All(c => c.Agrees);

    /// <summary>The kinds that differed before and agree after.</summary>
    public IEnumerable<KindComparison> Repaired => Before.Where(b => !b.Agrees && After.Any(a => a.Kind == b.Kind && a.Holder == b.Holder && a.Agrees));
}

/// <summary>
/// Compares a corridor's digests (DESIGN.md: each service digests what it holds of a corridor, per kind of record) between
/// the owner of each kind and every service that replicates it: corridors, agencies and licences belong to Licensing,
/// contracts to WorkerContracts, cases to FeeAudits. With repair, every owner whose kind differs somewhere republishes
/// the corridor (its current state, as events: replicas apply what is newer and ignore the rest), and the check is
/// repeated until the digests agree or the wait is over.
/// </summary>
public sealed class CorridorChecker(
    LicensingApi.Licensing.LicensingClient licensing,
    ContractsApi.WorkerContracts.WorkerContractsClient contracts,
    AuditsApi.FeeAudits.FeeAuditsClient audits,
    CallOptions authority)
{
    public const string Licensing = "Licensing";
    public const string WorkerContracts = "WorkerContracts";
    public const string FeeAudits = "FeeAudits";

    /// <summary>
    /// Each kind of record: its owner and the services that replicate it (docs/architecture.md). A replica holder whose
    /// digest lacks the kind holds none of it: that differs from an owner that has some.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string Owner, string[] Holders)> Kinds = new Dictionary<string, (string, string[])>
    {
        ["corridor"] = (Licensing, [WorkerContracts, FeeAudits]),
        ["agency"] = (Licensing, [WorkerContracts, FeeAudits]),
        ["licence"] = (Licensing, [WorkerContracts]),
        ["contract"] = (WorkerContracts, [FeeAudits]),
        ["case"] = (FeeAudits, [WorkerContracts]),
        ["grievance"] = (FeeAudits, [WorkerContracts]),
    };

    /// <summary>The check; <paramref name="step"/> hears each stage as it starts (a progress display).</summary>
    public async Task<CheckResult> CheckAsync(string origin, string destination, bool repair, TimeSpan wait, CancellationToken ct = default, Action<string>? step = null)
    {
        step?.Invoke("comparing digests");
        var before = await CompareAsync(origin, destination, ct);
        if (!repair || before.All(c => c.Agrees))
        {
            return new CheckResult(before, [], before);
        }

        var owners = before.Where(c => !c.Agrees).Select(c => c.Owner).Distinct().Order(StringComparer.Ordinal).ToList();
        var republished = new List<string>();
        foreach (var owner in owners)
        {
            step?.Invoke($"asking {owner} to republish");
            var queued = await RepublishAsync(owner, origin, destination, ct);
            republished.Add($"{owner}: {queued} events queued");
        }

        step?.Invoke("waiting for the replicas");
        var after = before;
        var deadline = DateTime.UtcNow + wait;
        while (DateTime.UtcNow < deadline && !after.All(c => c.Agrees))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            after = await CompareAsync(origin, destination, ct);
        }

        return new CheckResult(before, republished, after);
    }

    /// <summary>Every (kind, replica holder) pair of the corridor, against the kind's owner.</summary>
    public async Task<IReadOnlyList<KindComparison>> CompareAsync(string origin, string destination, CancellationToken ct = default)
    {
        var request = new GetCorridorDigestRequest { OriginCountry = origin, DestinationCountry = destination };
        var digests = new Dictionary<string, CorridorDigest>
        {
            [Licensing] = await licensing.GetCorridorDigestAsync(request, authority.WithCancellationToken(ct)),
            [WorkerContracts] = await contracts.GetCorridorDigestAsync(request, authority.WithCancellationToken(ct)),
            [FeeAudits] = await audits.GetCorridorDigestAsync(request, authority.WithCancellationToken(ct)),
        };
        return Compare(digests);
    }

    /// <summary>
    /// Every (kind, replica holder) pair among the services whose digests are given, against the kind's owner: a test
    /// that runs only Licensing and WorkerContracts compares what those two share.
    /// </summary>
    public static IReadOnlyList<KindComparison> Compare(IReadOnlyDictionary<string, CorridorDigest> digests)
    {
        var comparisons = new List<KindComparison>();
        foreach (var (kind, (owner, holders)) in Kinds)
        {
            if (!digests.TryGetValue(owner, out var ownerDigests))
            {
                continue;
            }

            var ownerDigest = Kind(ownerDigests, kind);
            comparisons.AddRange(holders.Where(digests.ContainsKey).Select(holder => new KindComparison(kind, owner, holder, ownerDigest, Kind(digests[holder], kind))));
        }

        return comparisons;
    }

    private async Task<long> RepublishAsync(string owner, string origin, string destination, CancellationToken ct)
    {
        var request = new RepublishCorridorRequest { OriginCountry = origin, DestinationCountry = destination };
        var options = authority.WithCancellationToken(ct);
        var reply = owner switch
        {
            Licensing => await licensing.RepublishCorridorAsync(request, options),
            WorkerContracts => await contracts.RepublishCorridorAsync(request, options),
            _ => await audits.RepublishCorridorAsync(request, options),
        };
        return reply.EventsQueued;
    }

    private static KindDigest? Kind(CorridorDigest digest, string kind) => digest.Kinds.FirstOrDefault(k => k.Kind == kind);
}
