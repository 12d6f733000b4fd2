using Dapper;
using Grpc.Core;
using MassTransit;
using Npgsql;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Testing;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.FeeAudits.Tests;

/// <summary>Cases with due process on the real servers: opened, assigned, confirmed with a refund, appealed both ways.</summary>
public sealed class CaseTests(Servers servers) : FeeAuditsTest(servers)
{
    private async Task<(ContractChanged Contract, Case Case)> ViolationAsync()
    {
        var contract = Scenario.Contract("NP-QA", "CONSTRUCTION", "2026-03-01", "QAR 1000.00", ["RECRUITMENT_SERVICE NPR 8000.00"]);
        await Given.RateAsync("QAR", "NPR", "37.10", new DateOnly(2026, 1, 1), "NP");
        await Given.AuditedAsync(contract);
        return (contract, await Given.CaseOfAsync(contract.ContractId));
    }

    private static ConfirmCaseRequest Confirmation(Case c, string refund = "215.63") => new()
    {
        Decision = Scenario.Decision(c),
        RefundAmount = new Money { CurrencyCode = "QAR", Amount = refund },
        RefundDueOn = Scenario.Day(Scenario.Today.AddDays(30)),
    };

    [Fact]
    public async Task A_violation_opens_a_case_that_is_confirmed_appealed_and_overturned_with_every_decision_recorded()
    {
        var (contract, opened) = await ViolationAsync();
        Assert.Equal(CaseState.Open, opened.State);
        Assert.Equal(CaseOrigin.AutomaticAudit, opened.Origin);
        Assert.Equal(new Money { CurrencyCode = "QAR", Amount = "215.63" }, opened.Excess);

        var qatar = FeeAuditsApp.Auditor("QA");
        var assigned = await App.Audits.AssignCaseAsync(Scenario.Decision(opened), qatar);
        var confirmed = await App.Audits.ConfirmCaseAsync(Confirmation(assigned), qatar);
        Assert.Equal(CaseState.Confirmed, confirmed.State);
        Assert.Equal(RefundState.Ordered, confirmed.Refund.State);
        Assert.Equal(Scenario.Day(Scenario.Today.AddDays(30)), confirmed.AppealDeadline);

        // Only the agency appeals; the auditors decide.
        var agency = FeeAuditsApp.Agency(contract.Contract.AgencyId);
        var denied = await Assert.ThrowsAsync<RpcException>(() => App.Audits.AppealCaseAsync(Scenario.Decision(confirmed), qatar).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        var appealed = await App.Audits.AppealCaseAsync(Scenario.Decision(confirmed, "The fee was refunded before departure"), agency);
        var overturned = await App.Audits.DecideCaseAppealAsync(new DecideCaseAppealRequest { Decision = Scenario.Decision(appealed), Overturn = true }, FeeAuditsApp.Auditor("NP"));

        Assert.Equal(CaseState.AppealOverturned, overturned.State);
        Assert.Equal(RefundState.Cancelled, overturned.Refund.State);
        Assert.Equal(["OPENED", "ASSIGNED", "CONFIRMED", "APPEALED", "APPEAL_OVERTURNED"], overturned.History.Select(h => h.Kind));
        Assert.All(overturned.History, h => Assert.False(string.IsNullOrEmpty(h.Metadata.Reason) || string.IsNullOrEmpty(h.Metadata.LegalBasis)));
        Assert.Equal("system", overturned.History[0].Metadata.Actor);

        var published = await App.Events.WaitAsync<FeeViolationChanged>(e => e.Count(v => v.CaseId.ToString() == opened.Id) == 2, "confirmation and overturn");
        Assert.Equal([FeeViolationStatus.Confirmed, FeeViolationStatus.OverturnedOnAppeal],
            published.Where(v => v.CaseId.ToString() == opened.Id).OrderBy(v => v.Version).Select(v => v.Status));

        // Stale versions and illegal moves are refused with the current state named.
        var stale = await Assert.ThrowsAsync<RpcException>(() => App.Audits.DismissCaseAsync(Scenario.Decision(opened), qatar).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        var illegal = await Assert.ThrowsAsync<RpcException>(() => App.Audits.DismissCaseAsync(Scenario.Decision(overturned), qatar).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, illegal.StatusCode);
    }

    [Fact]
    public async Task An_appeal_is_upheld_or_refused_once_the_window_closed_and_an_unpaid_refund_falls_overdue()
    {
        var (contract, opened) = await ViolationAsync();
        var qatar = FeeAuditsApp.Auditor("QA");
        var confirmed = await App.Audits.ConfirmCaseAsync(Confirmation(await App.Audits.AssignCaseAsync(Scenario.Decision(opened), qatar)), qatar);
        var agency = FeeAuditsApp.Agency(contract.Contract.AgencyId);
        var upheld = await App.Audits.DecideCaseAppealAsync(new DecideCaseAppealRequest
        {
            Decision = Scenario.Decision(await App.Audits.AppealCaseAsync(Scenario.Decision(confirmed), agency)),
        }, qatar);
        Assert.Equal(CaseState.AppealUpheld, upheld.State);

        // A second violation: 31 days after confirmation the window (30 days) is closed; the refund is overdue.
        var second = Scenario.Contract("NP-QA", "CONSTRUCTION", "2026-03-01", "QAR 1000.00", ["TRAVEL NPR 3710.00"], agencyId: contract.Contract.AgencyId);
        await Given.AuditedAsync(second);
        var case2 = await Given.CaseOfAsync(second.ContractId);
        var confirmed2 = await App.Audits.ConfirmCaseAsync(Confirmation(await App.Audits.AssignCaseAsync(Scenario.Decision(case2), qatar), "100.00"), qatar);
        App.Clock.Advance(TimeSpan.FromDays(31));

        var late = await Assert.ThrowsAsync<RpcException>(() => App.Audits.AppealCaseAsync(Scenario.Decision(confirmed2), agency).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, late.StatusCode);
        Assert.Contains("appeal window closed", late.Status.Detail, StringComparison.Ordinal);

        Assert.Equal(2, await App.Refunds.SweepOverdueAsync(CancellationToken.None)); // both refunds were due after 30 days
        Assert.Equal(0, await App.Refunds.SweepOverdueAsync(CancellationToken.None));
        var overdue = await App.Audits.GetCaseAsync(new GetCaseRequest { CaseId = case2.Id }, qatar);
        Assert.Equal(RefundState.Overdue, overdue.Refund.State);
        Assert.Equal("REFUND_OVERDUE", overdue.History[^1].Kind);
        await App.Events.WaitAsync<FeeViolationChanged>(e => e.Any(v => v.CaseId.ToString() == case2.Id && v.Status == FeeViolationStatus.RefundOverdue), "the overdue refund published");

        var paid = await App.Audits.MarkRefundPaidAsync(new MarkRefundPaidRequest { RefundId = overdue.Refund.Id, EvidenceReference = "Bank transfer NIC-2026-118" }, qatar);
        Assert.Equal(RefundState.Paid, paid.State);
    }

    [Fact]
    public async Task Reports_of_substitution_and_of_fees_paid_open_one_case_each_also_after_the_contract_ended()
    {
        var contract = Scenario.Contract("NP-MY", "MANUFACTURING", "2026-03-01", "MYR 1500.00", ["RECRUITMENT_SERVICE NPR 10000.00"]);
        await Given.AuditedAsync(contract);
        var terminated = contract with { Version = 2, Change = ContractChange.Terminated, Contract = contract.Contract with { Status = "COMPLETED" } };
        await App.Bus.Publish(terminated);

        var report = new FeesPaidReported
        {
            ReportId = Guid.NewGuid(), ContractId = contract.ContractId, AgencyId = contract.Contract.AgencyId, OriginCountry = "NP", DestinationCountry = "MY",
            FeesPaid = [new ContractFee("RECRUITMENT_SERVICE", new IntegrationEvents.EventMoney("NPR", 85000.00m), "sub-agent in Nepalgunj")],
            Account = "Paid in cash to a sub-agent before the medical; no receipt", OccurredAt = DateTimeOffset.UtcNow,
        };
        var messageId = Guid.NewGuid();
        await App.Bus.Publish(report, c => c.MessageId = messageId);
        await App.Bus.Publish(report with { }, c => c.MessageId = Guid.NewGuid()); // the same report again, as a new message
        await App.Bus.Publish(new SubstitutionReported
        {
            ReportId = Guid.NewGuid(), ContractId = contract.ContractId, AgencyId = contract.Contract.AgencyId, OriginCountry = "NP", DestinationCountry = "MY",
            Differences = [new TermDifference("monthly_basic_wage", "MYR 1500.00", "MYR 1100.00")], OccurredAt = DateTimeOffset.UtcNow,
        });

        var cases = await Eventually.Until(
            async () => (await App.Audits.ListCasesAsync(new ListCasesRequest { OriginCountry = "NP", DestinationCountry = "MY" }, FeeAuditsApp.Auditor("MY"))).Cases,
            c => c.Count >= 2, TimeSpan.FromSeconds(30), "two cases");
        await Task.Delay(500); // a duplicate would have arrived by now
        cases = (await App.Audits.ListCasesAsync(new ListCasesRequest { OriginCountry = "NP", DestinationCountry = "MY" }, FeeAuditsApp.Auditor("MY"))).Cases;

        Assert.Equal(2, cases.Count);
        var fees = Assert.Single(cases, c => c.Origin == CaseOrigin.WorkerReport);
        Assert.Equal(new Money { CurrencyCode = "NPR", Amount = "75000.00" }, fees.Excess); // 85,000 paid against Nepal's 10,000 cap
        Assert.Contains("sub-agent", fees.Details, StringComparison.Ordinal);
        var substitution = Assert.Single(cases, c => c.Origin == CaseOrigin.SubstitutionReport);
        Assert.Contains("monthly_basic_wage", substitution.Details, StringComparison.Ordinal);

        // The agency sees its own cases, another agency none of them.
        var own = await App.Audits.ListCasesAsync(new ListCasesRequest(), FeeAuditsApp.Agency(contract.Contract.AgencyId));
        Assert.Equal(2, own.Cases.Count);
        var other = await Assert.ThrowsAsync<RpcException>(() => App.Audits.GetCaseAsync(new GetCaseRequest { CaseId = fees.Id }, FeeAuditsApp.Agency(Guid.NewGuid())).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, other.StatusCode); // not its case: as if there were none

        // A substitution case has no fee excess: it is confirmed without an excess and without a refund.
        var malaysia = FeeAuditsApp.Auditor("MY");
        var assigned = await App.Audits.AssignCaseAsync(Scenario.Decision(substitution), malaysia);
        var confirmed = await App.Audits.ConfirmCaseAsync(new ConfirmCaseRequest { Decision = Scenario.Decision(assigned) }, malaysia);
        Assert.Equal(CaseState.Confirmed, confirmed.State);
        Assert.Null(confirmed.Refund);
        Assert.Null(confirmed.Excess);

        // A fee case still needs an excess to confirm when it holds none (an auditor's, opened without one).
        var opened = await App.Audits.OpenCaseAsync(new OpenCaseRequest { ContractId = fees.ContractId, Reason = "Inspection", LegalBasis = "Employment Act 1955, s.24D" }, malaysia);
        var assignedFees = await App.Audits.AssignCaseAsync(Scenario.Decision(opened), malaysia);
        var refused = await Assert.ThrowsAsync<RpcException>(() => App.Audits.ConfirmCaseAsync(new ConfirmCaseRequest { Decision = Scenario.Decision(assignedFees) }, malaysia).ResponseAsync);
        Assert.Equal("excess", refused.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Single().Field);
    }

    [Fact]
    public async Task A_registered_contract_is_audited_its_case_confirmed_and_Licensing_counts_the_violation_once()
    {
        var agency = await Given.CorridorWithAgencyAsync(threshold: 3);
        var registered = await Given.RegisterAsync(agency, serviceFee: "8000.00");
        var contractId = Guid.Parse(registered.ContractId);

        // FeeAudits audits it (Qatar's Art. 33: any fee) and WorkerContracts shows the outcome to the worker.
        var audit = await Given.AuditOfAsync(contractId, 1, "NP");
        Assert.Equal(Contracts.WorkerContracts.V1.AuditOutcome.Violation, audit.Outcome);
        await Eventually.Until(
            async () => (await App.Contracts.VerifyContractAsync(new Contracts.WorkerContracts.V1.VerifyContractRequest
            {
                Reference = registered.Reference, VerificationCode = registered.VerificationCode,
            })).Contract.AuditOutcome,
            o => o == Contracts.WorkerContracts.V1.AuditOutcome.Violation, TimeSpan.FromSeconds(30), "the worker to see the audit");

        var opened = await Given.CaseOfAsync(contractId);
        var qatar = FeeAuditsApp.Auditor("QA");
        var confirmed = await App.Audits.ConfirmCaseAsync(new ConfirmCaseRequest
        {
            Decision = Scenario.Decision(await App.Audits.AssignCaseAsync(Scenario.Decision(opened), qatar)),
            RefundAmount = new Money { CurrencyCode = "NPR", Amount = "8000.00" },
            RefundDueOn = Scenario.Day(Scenario.Today.AddDays(14)),
            Excess = new Money { CurrencyCode = "NPR", Amount = "8000.00" },
        }, qatar);

        const string Record = "SELECT COUNT(*) FROM fee_violations WHERE case_id = @Id AND status = 'Confirmed'";
        await Eventually.Until(() => App.ScalarAsync<long>(App.LicensingDatabase, Record, new { Id = Guid.Parse(confirmed.Id) }), n => n == 1,
            TimeSpan.FromSeconds(30), "Licensing's compliance record");

        // Republishing the corridor delivers the confirmation again: still one record, at the same version.
        await App.Audits.RepublishCorridorAsync(new RepublishCorridorRequest { OriginCountry = "NP", DestinationCountry = "QA" }, FeeAuditsApp.Authority("NP"));
        await App.Events.WaitAsync<FeeViolationChanged>(e => e.Count(v => v.CaseId.ToString() == confirmed.Id) >= 2, "the republished confirmation");
        await Eventually.Until(() => App.ScalarAsync<long>(App.LicensingDatabase, "SELECT COUNT(*) FROM inbox WHERE consumer = 'licensing.fee-violation-changed'"),
            n => n >= 2, TimeSpan.FromSeconds(30), "Licensing handled both");
        await using var licensing = new NpgsqlConnection(App.LicensingDatabase);
        var rows = (await licensing.QueryAsync<long>("SELECT version FROM fee_violations WHERE case_id = @Id", new { Id = Guid.Parse(confirmed.Id) })).ToList();
        Assert.Equal([confirmed.Version], rows);

        // The digests of the shared kinds agree: FeeAudits' replicas equal Licensing's corridor and agencies and WorkerContracts' contracts.
        var request = new GetCorridorDigestRequest { OriginCountry = "NP", DestinationCountry = "QA" };
        var mine = await App.Audits.GetCorridorDigestAsync(request, FeeAuditsApp.Authority("QA"));
        var licensingDigest = await App.Licensing.GetCorridorDigestAsync(request, FeeAuditsApp.Authority("QA"));
        var contractsDigest = await App.Contracts.GetCorridorDigestAsync(request, FeeAuditsApp.Authority("QA"));
        await Eventually.Until(
            () => App.Audits.GetCorridorDigestAsync(request, FeeAuditsApp.Authority("QA")).ResponseAsync,
            d => Kind(d, "corridor") == Kind(licensingDigest, "corridor") && Kind(d, "agency") == Kind(licensingDigest, "agency")
                && Kind(d, "contract") == Kind(contractsDigest, "contract"),
            TimeSpan.FromSeconds(30), "FeeAudits' replicas to equal their sources");
        Assert.NotNull(mine);
    }

    [Fact]
    public async Task A_worker_back_home_reports_the_fees_through_WorkerContracts_and_follows_the_case_to_the_refund()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var registered = await Given.RegisterAsync(agency, serviceFee: "10000.00");
        var contractId = Guid.Parse(registered.ContractId);
        await App.Contracts.TerminateContractAsync(new ContractsApi.TerminateContractRequest
        {
            ContractId = registered.ContractId, ExpectedVersion = 1, Termination = ContractsApi.ContractStatus.Completed, EndedOn = Scenario.Day(Scenario.Today),
            Reason = "Contract served in full; the worker returned home", LegalBasis = "Foreign Employment Act 2064, s.75",
        }, FeeAuditsApp.Authority("NP"));

        // Months later (FeeAudits has long had the contract: a report about a contract it does not know yet opens a case
        // without an excess, for the auditor to establish), back in Nepal, the worker reports what was really paid.
        await Given.AuditOfAsync(contractId, 1, "NP");
        var credentials = (Reference: registered.Reference, Code: registered.VerificationCode);
        await App.Contracts.ReportFeesPaidAsync(new ContractsApi.ReportFeesPaidRequest
        {
            Reference = credentials.Reference, VerificationCode = credentials.Code,
            FeesPaid = { new ContractsApi.Fee { Category = ContractsApi.FeeCategory.RecruitmentService, Amount = new Money { CurrencyCode = "NPR", Amount = "85000.00" }, Payee = "sub-agent in Nepalgunj" } },
            Account = "Paid in cash to the sub-agent before the medical; the contract shows NPR 10,000.",
        });

        // FeeAudits opens a case for the report; the worker sees it through WorkerContracts.
        var listCases = new ContractsApi.ListWorkerCasesRequest { Reference = credentials.Reference, VerificationCode = credentials.Code };
        var seen = await Eventually.Until(
            async () => (await App.Contracts.ListWorkerCasesAsync(listCases)).Cases.SingleOrDefault(c => c.Origin == CaseOrigin.WorkerReport),
            c => c is not null, TimeSpan.FromSeconds(30), "the worker to see the report's case");
        Assert.Equal(CaseState.Open, seen!.State);
        Assert.Equal(new Money { CurrencyCode = "NPR", Amount = "85000.00" }, seen.Excess); // Qatar, Law 14/2004 Art. 33: no fee at all

        var qatar = FeeAuditsApp.Auditor("QA");
        var opened = await App.Audits.GetCaseAsync(new GetCaseRequest { CaseId = seen.CaseId }, qatar);
        Assert.Equal(contractId.ToString(), opened.ContractId);
        var confirmed = await App.Audits.ConfirmCaseAsync(new ConfirmCaseRequest
        {
            Decision = Scenario.Decision(await App.Audits.AssignCaseAsync(Scenario.Decision(opened), qatar)),
            RefundAmount = new Money { CurrencyCode = "NPR", Amount = "85000.00" },
            RefundDueOn = Scenario.Day(Scenario.Today.AddDays(30)),
        }, qatar);

        var ordered = await Eventually.Until(
            async () => (await App.Contracts.ListWorkerCasesAsync(listCases)).Cases.Single(c => c.CaseId == seen.CaseId),
            c => c.RefundState == RefundState.Ordered, TimeSpan.FromSeconds(30), "the worker to see the refund ordered");
        Assert.Equal(CaseState.Confirmed, ordered.State);
        Assert.Equal(new Money { CurrencyCode = "NPR", Amount = "85000.00" }, ordered.RefundAmount);
        Assert.Equal(Scenario.Day(Scenario.Today.AddDays(30)), ordered.RefundDueOn);

        await App.Audits.MarkRefundPaidAsync(new MarkRefundPaidRequest { RefundId = confirmed.Refund.Id, EvidenceReference = "Bank transfer NIC-2026-204" }, qatar);
        await Eventually.Until(
            async () => (await App.Contracts.ListWorkerCasesAsync(listCases)).Cases.Single(c => c.CaseId == seen.CaseId).RefundState,
            s => s == RefundState.Paid, TimeSpan.FromSeconds(30), "the worker to see the refund paid");

        // WorkerContracts' replica of the corridor's cases equals FeeAudits' cases.
        var corridor = new GetCorridorDigestRequest { OriginCountry = "NP", DestinationCountry = "QA" };
        var audits = await App.Audits.GetCorridorDigestAsync(corridor, FeeAuditsApp.Authority("NP"));
        Assert.True(audits.Kinds.Single(k => k.Kind == "case").ItemCount >= 2); // the automatic audit's case and the report's
        await Eventually.Until(
            () => App.Contracts.GetCorridorDigestAsync(corridor, FeeAuditsApp.Authority("NP")).ResponseAsync,
            d => Kind(d, "case") == Kind(audits, "case"), TimeSpan.FromSeconds(30), "the case replica to equal FeeAudits' cases");
    }

    private static string? Kind(CorridorDigest d, string kind) => d.Kinds.FirstOrDefault(k => k.Kind == kind)?.Sha256;
}
