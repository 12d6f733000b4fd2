using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.FeeAudits.Cases;
using RecruitRegistry.FeeAudits.Grievances;
using RecruitRegistry.FeeAudits.Model;
using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.Platform.Consistency;
using RecruitRegistry.Platform.Security;

namespace RecruitRegistry.FeeAudits.Consistency;

/// <summary>
/// The corridor digest (DESIGN.md, point 7) and republishing. FeeAudits holds, for a corridor, replicas of Licensing's
/// corridor and the agencies of its origin country (kinds "corridor" and "agency", as Licensing digests them), of
/// WorkerContracts' contracts (kind "contract"), its own cases (kind "case") and grievances (kind "grievance").
/// Republishing writes every audit of the corridor (ContractAudited), every case (CaseChanged, and FeeViolationChanged
/// for confirmed or overturned ones) and every grievance (GrievanceChanged) to the outbox again; consumers apply only
/// what is newer.
/// </summary>
internal sealed class CorridorConsistency(FeeAuditsDatabase database)
{
    public Task<CorridorDigest> DigestAsync(GetCorridorDigestRequest request, Caller caller, CancellationToken ct) =>
        CorridorDigests.ReadAsync(database, ConsistencySql.Digest, request, caller, ct);

    public async Task<RepublishCorridorReply> RepublishAsync(RepublishCorridorRequest request, Caller caller, CancellationToken ct)
    {
        var (origin, destination) = CorridorRequests.Authorize(request.OriginCountry, request.DestinationCountry, caller, allowAuditor: false);
        await using var work = await database.BeginAsync(ct);
        var corridor = new { Origin = origin, Destination = destination };
        var queued = 0;
        foreach (var audit in await work.QueryAsync<AuditRow>(ConsistencySql.Audits, corridor))
        {
            work.Publish(audit.ToEvent(work.Now));
            queued++;
        }

        var refunds = (await work.QueryAsync<RefundRow>(ConsistencySql.Refunds, corridor)).ToDictionary(r => r.CaseId);
        foreach (var c in await work.QueryAsync<CaseRow>(ConsistencySql.Cases, corridor))
        {
            var refund = refunds.GetValueOrDefault(c.Id);
            work.Publish(c.ToEvent(refund, work.Now));
            queued++;
            if (ViolationStatus(c, refund) is { } status)
            {
                work.Publish(c.ToViolationEvent(status, work.Now));
                queued++;
            }
        }

        foreach (var g in await work.QueryAsync<GrievanceRow>(ConsistencySql.Grievances, corridor))
        {
            await GrievanceEvents.PublishAsync(work, g);
            queued++;
        }

        await work.CommitAsync();
        return new RepublishCorridorReply { EventsQueued = queued };
    }

    /// <summary>What Licensing's compliance record holds for a case: nothing until it was confirmed.</summary>
    private static FeeViolationStatus? ViolationStatus(CaseRow c, RefundRow? refund) => c.ConfirmedAt is null ? null : c.State switch
    {
        CaseStates.AppealOverturned => FeeViolationStatus.OverturnedOnAppeal,
        _ when CaseStates.ViolationStands.Contains(c.State) && refund?.State == RefundStates.Overdue => FeeViolationStatus.RefundOverdue,
        _ when CaseStates.ViolationStands.Contains(c.State) => FeeViolationStatus.Confirmed,
        _ => null,
    };
}

internal static class ConsistencySql
{
    public const string Digest = """
        SELECT 'corridor' AS kind, id, version FROM corridor_replicas WHERE origin_country = @Origin AND destination_country = @Destination
        UNION ALL
        SELECT 'agency', id, version FROM agency_replicas WHERE country = @Origin
        UNION ALL
        SELECT 'contract', id, version FROM contract_replicas WHERE origin_country = @Origin AND destination_country = @Destination
        UNION ALL
        SELECT 'case', id, version FROM cases WHERE origin_country = @Origin AND destination_country = @Destination
        UNION ALL
        SELECT 'grievance', id, version FROM grievances WHERE origin_country = @Origin AND destination_country = @Destination
        """;

    public const string Grievances = "SELECT * FROM grievances WHERE origin_country = @Origin AND destination_country = @Destination";

    public const string Audits = "SELECT * FROM audits WHERE origin_country = @Origin AND destination_country = @Destination";

    public const string Cases = "SELECT * FROM cases WHERE origin_country = @Origin AND destination_country = @Destination";

    public const string Refunds = "SELECT * FROM refund_orders WHERE origin_country = @Origin AND destination_country = @Destination";
}
