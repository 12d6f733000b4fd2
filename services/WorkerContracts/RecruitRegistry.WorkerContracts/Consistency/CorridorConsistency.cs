using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Platform.Consistency;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.WorkerContracts.Model;

namespace RecruitRegistry.WorkerContracts.Consistency;

/// <summary>
/// The corridor digest (DESIGN.md, point 7) and republishing. WorkerContracts holds, for a corridor, the replica of
/// Licensing's scope (the corridor, the agencies of its origin country, their licences issued by either party: the same
/// selection Licensing digests, so the kinds "corridor", "agency" and "licence" compare equal) and its own contracts
/// (kind "contract", which FeeAudits replicates) and its replicas of FeeAudits' cases and grievances about the corridor's
/// contracts (kinds "case" and "grievance", which compare equal to FeeAudits'). Republishing writes the current state of every contract of the
/// corridor to the outbox again.
/// </summary>
internal sealed class CorridorConsistency(WorkerContractsDatabase database)
{
    public Task<CorridorDigest> DigestAsync(GetCorridorDigestRequest request, Caller caller, CancellationToken ct) =>
        CorridorDigests.ReadAsync(database, ConsistencySql.Digest, request, caller, ct);

    public async Task<RepublishCorridorReply> RepublishAsync(RepublishCorridorRequest request, Caller caller, CancellationToken ct)
    {
        var (origin, destination) = CorridorRequests.Authorize(request.OriginCountry, request.DestinationCountry, caller, allowAuditor: false);
        await using var work = await database.BeginAsync(ct);
        var contracts = await work.QueryAsync<ContractRow>(ConsistencySql.Contracts, new { Origin = origin, Destination = destination });
        var versions = (await work.QueryAsync<ContractVersionRow>(ConsistencySql.CurrentVersions, new { Origin = origin, Destination = destination }))
            .ToDictionary(v => v.ContractId);
        var queued = 0;
        foreach (var contract in contracts)
        {
            work.Publish(contract.ToEvent(Mapping.ReadTerms(versions[contract.Id].Terms), ContractChange.Republished, work.Now));
            queued++;
        }

        await work.CommitAsync();
        return new RepublishCorridorReply { EventsQueued = queued };
    }
}

internal static class ConsistencySql
{
    public const string Digest = """
        SELECT 'corridor' AS kind, id, version FROM corridor_replicas WHERE origin_country = @Origin AND destination_country = @Destination
        UNION ALL
        SELECT 'agency', id, version FROM agency_replicas WHERE country = @Origin
        UNION ALL
        SELECT 'licence', l.id, l.version FROM licence_replicas l JOIN agency_replicas a ON a.id = l.agency_id
        WHERE a.country = @Origin AND l.issuing_country IN (@Origin, @Destination)
        UNION ALL
        SELECT 'contract', id, version FROM contracts WHERE origin_country = @Origin AND destination_country = @Destination
        UNION ALL
        SELECT 'case', id, version FROM case_replicas WHERE origin_country = @Origin AND destination_country = @Destination
        UNION ALL
        SELECT 'grievance', g.id, g.version FROM grievance_replicas g JOIN contracts c ON c.id = g.contract_id
        WHERE c.origin_country = @Origin AND c.destination_country = @Destination
        """;

    public const string Contracts = "SELECT * FROM contracts WHERE origin_country = @Origin AND destination_country = @Destination";

    public const string CurrentVersions = """
        SELECT v.* FROM contract_versions v JOIN contracts c ON c.id = v.contract_id AND c.terms_version = v.terms_version
        WHERE c.origin_country = @Origin AND c.destination_country = @Destination
        """;
}
