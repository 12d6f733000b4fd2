using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.Options;
using RecruitRegistry.IntegrationEvents.Licensing;
using RecruitRegistry.Licensing.Model;

namespace RecruitRegistry.Licensing.Registry;

/// <summary>
/// What CheckAuthorization reads, held in memory as snapshots (lists parsed once): per agency its record and licences,
/// per corridor its record. Any change
/// to the database empties it (the platform's Changed signal: local commits at once, other instances' commits by
/// NOTIFY within milliseconds); entries older than the TTL are read again, which bounds staleness if a notification
/// is ever lost. A load that raced with a change is answered but not kept.
/// </summary>
internal sealed class AuthorizationReadModel
{
    private const int MaxEntries = 200_000;

    private readonly LicensingDatabase database;
    private readonly TimeSpan ttl;
    private readonly ConcurrentDictionary<Guid, AgencyEntry> agencies = new();
    private readonly ConcurrentDictionary<(string Origin, string Destination), CorridorEntry> corridors = new();
    private long generation;

    public AuthorizationReadModel(LicensingDatabase database, IOptions<LicensingOptions> options)
    {
        this.database = database;
        ttl = options.Value.AuthorizationCacheTtl;
        database.Changed += Clear;
    }

    public async Task<(AgencySnapshot? Agency, CorridorSnapshot? Corridor, IReadOnlyList<LicenceSnapshot> Licences)> ReadAsync(
        Guid agencyId, string origin, string destination, CancellationToken ct)
    {
        var now = database.Clock.GetTimestamp();
        if (ttl > TimeSpan.Zero
            && agencies.TryGetValue(agencyId, out var agency) && database.Clock.GetElapsedTime(agency.LoadedAt, now) < ttl
            && corridors.TryGetValue((origin, destination), out var corridor) && database.Clock.GetElapsedTime(corridor.LoadedAt, now) < ttl)
        {
            return (agency.Agency, corridor.Corridor, agency.Licences);
        }

        var seen = Interlocked.Read(ref generation);
        await using var connection = await database.OpenConnectionAsync(ct);
        using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            RegistrySql.CheckAuthorization, new { AgencyId = agencyId, Origin = origin, Destination = destination }, cancellationToken: ct));
        var agencyRow = (await results.ReadSingleOrDefaultAsync<AgencyRow>())?.ToSnapshot();
        var corridorRow = (await results.ReadSingleOrDefaultAsync<CorridorRow>())?.ToSnapshot();
        var licences = (await results.ReadAsync<LicenceRow>()).Select(l => l.ToSnapshot()).ToList();

        if (ttl > TimeSpan.Zero && agencyRow is not null && Interlocked.Read(ref generation) == seen)
        {
            if (agencies.Count >= MaxEntries)
            {
                Clear();
            }

            agencies[agencyId] = new AgencyEntry(agencyRow, licences, now);
            corridors[(origin, destination)] = new CorridorEntry(corridorRow, now);
        }

        return (agencyRow, corridorRow, licences);
    }

    private void Clear()
    {
        Interlocked.Increment(ref generation);
        agencies.Clear();
        corridors.Clear();
    }

    private sealed record AgencyEntry(AgencySnapshot Agency, IReadOnlyList<LicenceSnapshot> Licences, long LoadedAt);

    private sealed record CorridorEntry(CorridorSnapshot? Corridor, long LoadedAt);
}
