using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.IntegrationEvents.Licensing;
using RecruitRegistry.Licensing.Model;
using RecruitRegistry.Platform.Consistency;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;

namespace RecruitRegistry.Licensing.Consistency;

/// <summary>
/// The corridor digest (DESIGN.md, point 7) and republishing. A corridor's scope in Licensing: the corridor, the
/// agencies of its origin country, and those agencies' licences issued by either party (<see cref="CorridorDigests"/>);
/// a replica holding the same (id, version) pairs has the same digest.
/// </summary>
internal sealed class CorridorConsistency(LicensingDatabase database)
{
    public Task<CorridorDigest> DigestAsync(GetCorridorDigestRequest request, Caller caller, CancellationToken ct) =>
        CorridorDigests.ReadAsync(database, ConsistencySql.Digest, request, caller, ct);

    /// <summary>Writes the current state of everything in the corridor's scope to the outbox again.</summary>
    public async Task<RepublishCorridorReply> RepublishAsync(RepublishCorridorRequest request, Caller caller, CancellationToken ct)
    {
        var (origin, destination) = CorridorRequests.Authorize(request.OriginCountry, request.DestinationCountry, caller, allowAuditor: false);
        await using var work = await database.BeginAsync(ct);
        var (corridor, agencies, licences) = await LoadAsync(work, origin, destination);
        if (corridor is null)
        {
            throw new NotFound("corridor", $"{origin}→{destination}");
        }

        work.Publish(corridor.ToEvent(CorridorChange.Republished, work.Now));
        foreach (var agency in agencies)
        {
            work.Publish(agency.ToEvent(AgencyChange.Republished, work.Now));
        }

        foreach (var licence in licences)
        {
            work.Publish(licence.ToEvent(LicenceChange.Republished, work.Now));
        }

        await work.CommitAsync();
        return new RepublishCorridorReply { EventsQueued = 1 + agencies.Count + licences.Count };
    }

    private static async Task<(CorridorRow?, List<AgencyRow>, List<LicenceRow>)> LoadAsync(Platform.Data.UnitOfWork work, string origin, string destination)
    {
        var corridor = await work.QuerySingleOrDefaultAsync<CorridorRow>(Corridors.CorridorSql.ByCountries, new { Origin = origin, Destination = destination });
        var agencies = (await work.QueryAsync<AgencyRow>(ConsistencySql.Agencies, new { Origin = origin })).ToList();
        var licences = (await work.QueryAsync<LicenceRow>(ConsistencySql.Licences, new { Origin = origin, Destination = destination })).ToList();
        return (corridor, agencies, licences);
    }
}

/// <summary>Consistency statements.</summary>
internal static class ConsistencySql
{
    /// <summary>What the corridor's digest counts: the corridor, its origin country's agencies, their licences from either country.</summary>
    public const string Digest = """
        SELECT 'corridor' AS kind, id, version FROM corridors WHERE origin_country = @Origin AND destination_country = @Destination
        UNION ALL
        SELECT 'agency', id, version FROM agencies WHERE country = @Origin
        UNION ALL
        SELECT 'licence', l.id, l.version FROM licences l JOIN agencies a ON a.id = l.agency_id
        WHERE a.country = @Origin AND l.issuing_country IN (@Origin, @Destination)
        """;

    public const string Agencies = "SELECT * FROM agencies WHERE country = @Origin";

    public const string Licences = """
        SELECT l.* FROM licences l JOIN agencies a ON a.id = l.agency_id
        WHERE a.country = @Origin AND l.issuing_country IN (@Origin, @Destination)
        """;
}
