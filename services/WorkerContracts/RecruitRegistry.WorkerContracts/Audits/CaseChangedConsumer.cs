using System.Text.Json;
using MassTransit;
using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Messaging;

namespace RecruitRegistry.WorkerContracts.Audits;

/// <summary>
/// Keeps FeeAudits' cases (versioned upsert in the inbox transaction), so that a worker sees the cases about the
/// contract with its reference and code, which never leave this service. A stale or repeated event changes nothing.
/// </summary>
internal sealed class CaseChangedConsumer(WorkerContractsDatabase database)
    : InboxConsumer<CaseChanged, WorkerContractsDatabase>(database)
{
    protected override string ConsumerName => "contracts.case-changed";

    protected override Task ApplyAsync(ConsumeContext<CaseChanged> context, UnitOfWork work)
    {
        var c = context.Message;
        return work.ExecuteAsync(CaseReplicaSql.Upsert, new
        {
            Id = c.CaseId,
            c.Version,
            c.ContractId,
            c.AgencyId,
            c.OriginCountry,
            c.DestinationCountry,
            c.OpenedBy,
            c.State,
            Excess = c.Excess is null ? null : JsonSerializer.Serialize(c.Excess),
            Refund = c.Refund is null ? null : JsonSerializer.Serialize(c.Refund),
            c.OpenedAt,
            ChangedAt = c.OccurredAt,
        });
    }
}

internal static class CaseReplicaSql
{
    public static readonly string Upsert = ReplicaUpsert.Sql(
        "case_replicas", "contract_id", "agency_id", "origin_country", "destination_country", "opened_by", "state", "excess", "refund",
        "opened_at", "changed_at");
}
