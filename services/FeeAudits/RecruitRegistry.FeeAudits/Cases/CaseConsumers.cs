using MassTransit;
using RecruitRegistry.FeeAudits.Audits;
using RecruitRegistry.FeeAudits.Grievances;
using RecruitRegistry.FeeAudits.Model;
using RecruitRegistry.FeeAudits.Replicas;
using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Messaging;

namespace RecruitRegistry.FeeAudits.Cases;

/// <summary>
/// A substitution shown by a worker (WorkerContracts' CompareTerms) is a CONTRACT_SUBSTITUTION grievance and opens a
/// case, once per report.
/// </summary>
internal sealed class SubstitutionReportedConsumer(FeeAuditsDatabase database, CaseOpenings cases)
    : InboxConsumer<SubstitutionReported, FeeAuditsDatabase>(database)
{
    protected override string ConsumerName => "feeaudits.substitution-reported";

    protected override async Task ApplyAsync(ConsumeContext<SubstitutionReported> context, UnitOfWork work)
    {
        var e = context.Message;
        await GrievanceFiling.FileReportAsync(work, e.ContractId, e.AgencyId, e.OriginCountry, e.DestinationCountry, e.Sector, e.WorkerSex,
            "CONTRACT_SUBSTITUTION", $"Terms handed over that differ from the registered contract: {string.Join(", ", e.Differences.Select(d => $"{d.Field} ({d.Registered} → {d.Offered})"))}",
            $"substitution:{e.ReportId}");
        await cases.OpenAsync(work, new Opening(
            e.ContractId, e.AgencyId, e.OriginCountry, e.DestinationCountry, CaseOrigins.SubstitutionReport, $"substitution:{e.ReportId}",
            Mapping.ToJson(new { e.ReportId, e.Differences }), null, CaseHistory.SystemActor, null,
            $"A worker showed terms that differ from the registered contract: {string.Join(", ", e.Differences.Select(d => d.Field))}",
            "Contract substitution (terms handed over abroad differ from the registered contract)"));
    }
}

/// <summary>
/// A worker's report of fees actually paid (through WorkerContracts, which checked the verification code) is a
/// FEES_CHARGED grievance and opens a case, once per report, even after the contract ended. The fees paid are audited against the rules that governed the
/// contract (its corridor, sector and signing date); what they find in excess is the case's excess.
/// </summary>
internal sealed class FeesPaidReportedConsumer(FeeAuditsDatabase database, CaseOpenings cases)
    : InboxConsumer<FeesPaidReported, FeeAuditsDatabase>(database)
{
    protected override string ConsumerName => "feeaudits.fees-paid-reported";

    protected override async Task ApplyAsync(ConsumeContext<FeesPaidReported> context, UnitOfWork work)
    {
        var e = context.Message;
        var contract = await work.QuerySingleOrDefaultAsync<ContractReplicaRow>(ReplicaSql.Contract, new { Id = e.ContractId });
        AuditResult? audit = null;
        if (contract is not null)
        {
            var terms = new AuditedTerms(contract.Sector, contract.SignedOn, new(contract.WageCurrency, contract.WageAmount), contract.DurationMonths,
                e.FeesPaid.Select(f => new AuditedFee(f.Category, f.Amount)).ToList());
            audit = await ContractAuditor.JudgeAsync(work, e.OriginCountry, e.DestinationCountry, terms);
        }

        await GrievanceFiling.FileReportAsync(work, e.ContractId, e.AgencyId, e.OriginCountry, e.DestinationCountry, e.Sector ?? contract?.Sector,
            e.WorkerSex ?? contract?.WorkerSex, "FEES_CHARGED", e.Account, $"fees-report:{e.ReportId}");
        var outcome = audit?.Outcome.ToString().ToUpperInvariant() ?? "PENDING";
        await cases.OpenAsync(work, new Opening(
            e.ContractId, e.AgencyId, e.OriginCountry, e.DestinationCountry, CaseOrigins.WorkerReport, $"fees-report:{e.ReportId}",
            Mapping.ToJson(new { e.ReportId, e.FeesPaid, e.Account, AuditOfFeesPaid = outcome, audit?.Findings, audit?.UndeterminedReason }),
            audit?.Outcome == AuditOutcome.Violation ? ContractAuditor.Excess(audit) : null,
            CaseHistory.SystemActor, null,
            $"The worker reported fees actually paid; their audit: {outcome}",
            audit?.DecidingPolicy?.LegalReference ?? "Worker's report of fees actually paid"));
    }
}
