using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.Options;
using RecruitRegistry.IntegrationEvents.Licensing;

namespace RecruitRegistry.WorkerContracts.Replicas;

/// <summary>
/// The agency and its licences as VerifyContract shows them, held in memory from the Licensing replica for at most
/// <see cref="WorkerContractsOptions.AgencyCacheTtl"/>. The replica consumers forget an agency once their transaction
/// has committed; a load that raced with that is answered but not kept. Registration never reads from here: it
/// authorises against the replica in its own transaction.
/// </summary>
internal sealed class AgencyCache(WorkerContractsDatabase database, IOptions<WorkerContractsOptions> options)
{
    private const int MaxEntries = 100_000;
    private const string Read = """
        SELECT * FROM agency_replicas WHERE id = @AgencyId;
        SELECT * FROM licence_replicas WHERE agency_id = @AgencyId;
        """;

    private readonly TimeSpan ttl = options.Value.AgencyCacheTtl;
    private readonly ConcurrentDictionary<Guid, Entry> entries = new();
    private long generation;

    public async Task<(AgencyReplicaRow? Agency, IReadOnlyList<LicenceSnapshot> Licences)> GetAsync(Guid agencyId, CancellationToken ct)
    {
        var now = database.Clock.GetTimestamp();
        if (entries.TryGetValue(agencyId, out var cached) && database.Clock.GetElapsedTime(cached.LoadedAt, now) < ttl)
        {
            return (cached.Agency, cached.Licences);
        }

        var seen = Interlocked.Read(ref generation);
        await using var connection = await database.OpenConnectionAsync(ct);
        using var results = await connection.QueryMultipleAsync(new CommandDefinition(Read, new { AgencyId = agencyId }, cancellationToken: ct));
        var agency = await results.ReadSingleOrDefaultAsync<AgencyReplicaRow>();
        var licences = (await results.ReadAsync<LicenceReplicaRow>()).Select(l => l.ToSnapshot()).ToList();
        if (ttl > TimeSpan.Zero && Interlocked.Read(ref generation) == seen)
        {
            if (entries.Count >= MaxEntries)
            {
                entries.Clear();
            }

            entries[agencyId] = new Entry(agency, licences, now);
        }

        return (agency, licences);
    }

    /// <summary>Called after a commit that changed the agency or one of its licences in the replica.</summary>
    public void Forget(Guid agencyId)
    {
        Interlocked.Increment(ref generation);
        entries.TryRemove(agencyId, out _);
    }

    private sealed record Entry(AgencyReplicaRow? Agency, IReadOnlyList<LicenceSnapshot> Licences, long LoadedAt);
}
