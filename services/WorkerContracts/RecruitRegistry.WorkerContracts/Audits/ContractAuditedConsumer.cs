using System.Text.Json;
using MassTransit;
using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Messaging;
using RecruitRegistry.WorkerContracts.Model;
using RecruitRegistry.WorkerContracts.ReadModel;

namespace RecruitRegistry.WorkerContracts.Audits;

/// <summary>
/// Keeps FeeAudits' verdict on each version of the terms, to show it to the worker. An audit names the contract version
/// it audited; that maps to the terms version in force at it. Per terms version the newest audit wins (contract version,
/// then audit version: a re-audit after a new exchange rate replaces an UNDETERMINED one); older or repeated ones change
/// nothing.
/// </summary>
internal sealed class ContractAuditedConsumer(WorkerContractsDatabase database)
    : InboxConsumer<ContractAudited, WorkerContractsDatabase>(database)
{
    protected override string ConsumerName => "contracts.contract-audited";

    protected override async Task ApplyAsync(ConsumeContext<ContractAudited> context, UnitOfWork work)
    {
        var audit = context.Message;
        var termsVersion = await work.QuerySingleOrDefaultAsync<int?>(AuditSql.TermsVersionAt, new { audit.ContractId, audit.ContractVersion });
        if (termsVersion is null)
        {
            return; // not a contract of this service: nothing to show
        }

        var row = new AuditRow
        {
            ContractId = audit.ContractId,
            TermsVersion = termsVersion.Value,
            ContractVersion = audit.ContractVersion,
            AuditVersion = audit.Version,
            Outcome = audit.Outcome.ToString().ToUpperInvariant(),
            Findings = JsonSerializer.Serialize(audit.Findings),
            UndeterminedReason = audit.UndeterminedReason,
            AuditedAt = audit.OccurredAt,
        };
        if (await work.ExecuteAsync(AuditSql.Upsert, row) == 1)
        {
            await WorkerViews.ShowAuditAsync(work, row); // the newest audit of its terms: the worker sees it if they are in force
        }
    }
}

internal static class AuditSql
{
    public const string TermsVersionAt = """
        SELECT MAX(terms_version) FROM contract_versions WHERE contract_id = @ContractId AND contract_version <= @ContractVersion
        """;

    public const string Upsert = """
        INSERT INTO contract_audits (contract_id, terms_version, contract_version, audit_version, outcome, findings, undetermined_reason, audited_at)
        VALUES (@ContractId, @TermsVersion, @ContractVersion, @AuditVersion, @Outcome, @Findings, @UndeterminedReason, @AuditedAt)
        ON CONFLICT (contract_id, terms_version) DO UPDATE SET contract_version = excluded.contract_version,
            audit_version = excluded.audit_version, outcome = excluded.outcome, findings = excluded.findings,
            undetermined_reason = excluded.undetermined_reason, audited_at = excluded.audited_at
        WHERE contract_audits.contract_version < excluded.contract_version
           OR (contract_audits.contract_version = excluded.contract_version AND contract_audits.audit_version < excluded.audit_version)
        """;
}
