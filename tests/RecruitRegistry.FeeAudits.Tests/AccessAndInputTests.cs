using Google.Rpc;
using Grpc.Core;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Testing;
using Api = RecruitRegistry.Contracts.FeeAudits.V1;

namespace RecruitRegistry.FeeAudits.Tests;

/// <summary>Every FeeAudits RPC against every kind of caller as docs/security.md says; bad rates and bad case requests named by field, nothing written.</summary>
public sealed class AccessAndInputTests(Servers servers) : FeeAuditsTest(servers)
{
    [Fact]
    public async Task Every_rpc_answers_every_kind_of_caller_as_the_table_says()
    {
        var agencyId = Guid.NewGuid();
        var (open, confirmed) = await TwoCasesAsync(agencyId);
        var callers = FeeAuditsApp.Callers(agencyId);
        var policy = (await App.Audits.ListPoliciesAsync(new ListPoliciesRequest { OriginCountry = "NP", DestinationCountry = "QA" }, FeeAuditsApp.Auditor("NP"))).Policies[0];
        var stale = open.Version + 99;
        CaseDecisionRequest Decision() => new() { CaseId = open.Id, ExpectedVersion = stale, Reason = "r", LegalBasis = "l" };
        var report = new CorridorReportRequest { OriginCountry = "NP", DestinationCountry = "QA", From = Scenario.Day(Scenario.Today.AddYears(-1)), To = Scenario.Day(Scenario.Today) };
        var a = App.Audits;
        var calls = new Dictionary<string, Func<CallOptions, Task>>
        {
            ["DefinePolicy"] = o => a.DefinePolicyAsync(new DefinePolicyRequest { Policy = policy, ExpectedVersion = policy.Version + 99, Reason = "r" }, o).ResponseAsync,
            ["WithdrawPolicy"] = o => a.WithdrawPolicyAsync(new WithdrawPolicyRequest
            {
                PolicyId = policy.Id, ExpectedVersion = policy.Version + 99, WithdrawnFrom = Scenario.Day(Scenario.Today), Reason = "r", LegalBasis = "l",
            }, o).ResponseAsync,
            ["ListPolicies"] = o => a.ListPoliciesAsync(new ListPoliciesRequest { OriginCountry = "NP", DestinationCountry = "QA" }, o).ResponseAsync,
            ["ListPolicyHistory"] = o => a.ListPolicyHistoryAsync(new ListPolicyHistoryRequest { PolicyId = policy.Id }, o).ResponseAsync,
            ["ListExchangeRates"] = o => a.ListExchangeRatesAsync(new ListExchangeRatesRequest(), o).ResponseAsync,
            ["SetExchangeRate"] = o => a.SetExchangeRateAsync(new SetExchangeRateRequest
            {
                Rate = new ExchangeRate { BaseCurrency = "QAR", QuoteCurrency = "NPR", Rate = "37.10", OnDate = Scenario.Day(Scenario.Today), Source = "Nepal Rastra Bank" },
            }, o).ResponseAsync,
            ["GetAudit"] = o => a.GetAuditAsync(new GetAuditRequest { ContractId = open.ContractId }, o).ResponseAsync,
            ["ListAudits"] = o => a.ListAuditsAsync(new ListAuditsRequest { OriginCountry = "NP", DestinationCountry = "QA", Outcome = RecruitRegistry.Contracts.WorkerContracts.V1.AuditOutcome.Violation }, o).ResponseAsync,
            ["OpenCase"] = o => a.OpenCaseAsync(new OpenCaseRequest { ContractId = open.ContractId, Reason = "r", LegalBasis = "l" }, o).ResponseAsync,
            ["AssignCase"] = o => a.AssignCaseAsync(Decision(), o).ResponseAsync,
            ["ConfirmCase"] = o => a.ConfirmCaseAsync(new ConfirmCaseRequest { Decision = Decision(), RefundAmount = new Money { CurrencyCode = "NPR", Amount = "0" } }, o).ResponseAsync,
            ["DismissCase"] = o => a.DismissCaseAsync(Decision(), o).ResponseAsync,
            ["AppealCase"] = o => a.AppealCaseAsync(Decision(), o).ResponseAsync,
            ["DecideCaseAppeal"] = o => a.DecideCaseAppealAsync(new DecideCaseAppealRequest { Decision = Decision() }, o).ResponseAsync,
            ["GetCase"] = o => a.GetCaseAsync(new GetCaseRequest { CaseId = open.Id }, o).ResponseAsync,
            ["ListCases"] = o => a.ListCasesAsync(new ListCasesRequest { OriginCountry = "NP", DestinationCountry = "QA", AgencyId = agencyId.ToString() }, o).ResponseAsync,
            ["MarkRefundPaid"] = o => a.MarkRefundPaidAsync(new MarkRefundPaidRequest { RefundId = confirmed.Refund.Id, EvidenceReference = "Bank transfer NIC-2026-1" }, o).ResponseAsync,
            ["GetCorridorReport"] = o => a.GetCorridorReportAsync(report, o).ResponseAsync,
            ["CheckFees"] = o => a.CheckFeesAsync(FeeCheckTests.Check("NP", "QA", "QAR 1200.00", "RECRUITMENT_SERVICE NPR 8000.00"), o).ResponseAsync,
            ["ExportCorridorReportCsv"] = o => a.ExportCorridorReportCsvAsync(report, o).ResponseAsync,
            ["GetCorridorDigest"] = o => a.GetCorridorDigestAsync(new GetCorridorDigestRequest { OriginCountry = "NP", DestinationCountry = "QA" }, o).ResponseAsync,
            ["RepublishCorridor"] = o => a.RepublishCorridorAsync(new RepublishCorridorRequest { OriginCountry = "NP", DestinationCountry = "QA" }, o).ResponseAsync,
        };
        Assert.Equal(
            Api.FeeAudits.Descriptor.Methods.Select(m => m.Name).Order(StringComparer.Ordinal),
            calls.Keys.Order(StringComparer.Ordinal));

        var mismatches = await AccessMatrix.MismatchesAsync(AccessTable.Of(Api.FeeAudits.Descriptor.FullName), calls, callers, FeeAuditsApp.Malformed(agencyId));
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    public static TheoryData<string, string> BadRates => new()
    {
        { "rate", "missing" },
        { "rate.base_currency", "XXQ" },
        { "rate.base_currency", "" },
        { "rate.quote_currency", "npr" },
        { "rate.quote_currency", "same as base" },
        { "rate.rate", "0" },
        { "rate.rate", "-37.10" },
        { "rate.rate", "3.71e1" },
        { "rate.rate", "" },
        { "rate.on_date", "missing" },
        { "rate.on_date", "2026-02-30" },
        { "rate.source", "" },
        { "rate.source", "501 characters" },
    };

    [Theory]
    [MemberData(nameof(BadRates))]
    public async Task A_bad_rate_names_the_field_and_writes_nothing(string field, string spoil)
    {
        var request = new SetExchangeRateRequest
        {
            Rate = new ExchangeRate { BaseCurrency = "QAR", QuoteCurrency = "NPR", Rate = "37.10", OnDate = Scenario.Day(Scenario.Today), Source = "Nepal Rastra Bank" },
        };
        var r = request.Rate;
        switch ((field, spoil))
        {
            case ("rate", _): request.Rate = null; break;
            case ("rate.base_currency", _): r.BaseCurrency = spoil; break;
            case ("rate.quote_currency", "same as base"): r.QuoteCurrency = "QAR"; break;
            case ("rate.quote_currency", _): r.QuoteCurrency = spoil; break;
            case ("rate.rate", _): r.Rate = spoil; break;
            case ("rate.on_date", "missing"): r.OnDate = null; break;
            case ("rate.on_date", _): r.OnDate = new Date { Year = 2026, Month = 2, Day = 30 }; break;
            case ("rate.source", ""): r.Source = ""; break;
            case ("rate.source", _): r.Source = new string('s', 501); break;
            default: throw new ArgumentException($"no way to spoil {field}");
        }

        var before = await App.CountAsync("SELECT COUNT(*) FROM exchange_rates");
        var ex = await Assert.ThrowsAsync<RpcException>(() => App.Audits.SetExchangeRateAsync(request, FeeAuditsApp.Auditor("QA")).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains(field, Fields(ex));
        Assert.Equal(before, await App.CountAsync("SELECT COUNT(*) FROM exchange_rates"));
    }

    public static TheoryData<string, string> BadCaseRequests => new()
    {
        { "OpenCase", "contract_id" },
        { "OpenCase", "reason" },
        { "OpenCase", "legal_basis" },
        { "OpenCase", "excess.amount" },
        { "OpenCase", "excess.currency_code" },
        { "AssignCase", "case_id" },
        { "AssignCase", "expected_version" },
        { "AssignCase", "reason" },
        { "DismissCase", "legal_basis" },
        { "ConfirmCase", "refund_amount.amount" },
        { "ConfirmCase", "refund_amount.currency_code" },
        { "ConfirmCase", "refund_due_on" },
        { "ConfirmCase", "excess.amount" },
        { "ConfirmCase", "decision.reason" },
        { "AppealCase", "reason" },
        { "DecideCaseAppeal", "decision.legal_basis" },
        { "MarkRefundPaid", "refund_id" },
        { "MarkRefundPaid", "evidence_reference" },
        { "ListCases", "origin_country" },
        { "ListCases", "page.page_token" },
    };

    [Theory]
    [MemberData(nameof(BadCaseRequests))]
    public async Task A_bad_case_request_names_the_field_and_writes_nothing(string rpc, string field)
    {
        var agencyId = Guid.NewGuid();
        var (open, confirmed) = await TwoCasesAsync(agencyId);
        var auditor = FeeAuditsApp.Auditor("QA");
        var under = await App.Audits.AssignCaseAsync(Scenario.Decision(open), auditor);
        var a = App.Audits;
        CaseDecisionRequest Decision(Case c, string spoiled) => new()
        {
            CaseId = spoiled == "case_id" ? "case-1" : c.Id,
            ExpectedVersion = spoiled == "expected_version" ? 0 : c.Version,
            Reason = spoiled == "reason" ? "" : "Reviewed the receipts",
            LegalBasis = spoiled == "legal_basis" ? new string('l', 501) : "Qatar Labour Law 14/2004, Art. 33",
        };
        var inner = field.StartsWith("decision.", StringComparison.Ordinal) ? field["decision.".Length..] : "";
        Func<Task> call = rpc switch
        {
            "OpenCase" => () => a.OpenCaseAsync(new OpenCaseRequest
            {
                ContractId = field == "contract_id" ? "12345" : open.ContractId,
                Reason = field == "reason" ? " " : "A worker's complaint by telephone",
                LegalBasis = field == "legal_basis" ? "" : "Qatar Labour Law 14/2004, Art. 33",
                Excess = new Money { CurrencyCode = field == "excess.currency_code" ? "QQQ" : "NPR", Amount = field == "excess.amount" ? "-10" : "10" },
            }, auditor).ResponseAsync,
            "AssignCase" => () => a.AssignCaseAsync(Decision(under, field), auditor).ResponseAsync,
            "DismissCase" => () => a.DismissCaseAsync(Decision(under, field), auditor).ResponseAsync,
            "ConfirmCase" => () => a.ConfirmCaseAsync(new ConfirmCaseRequest
            {
                Decision = Decision(under, inner),
                RefundAmount = new Money { CurrencyCode = field == "refund_amount.currency_code" ? "Rs" : "NPR", Amount = field == "refund_amount.amount" ? "8000.001" : "8000.00" },
                RefundDueOn = field == "refund_due_on" ? Scenario.Day(Scenario.Today.AddDays(-1)) : Scenario.Day(Scenario.Today.AddDays(30)),
                Excess = field == "excess.amount" ? new Money { CurrencyCode = "NPR", Amount = "0" } : null,
            }, auditor).ResponseAsync,
            "AppealCase" => () => a.AppealCaseAsync(Decision(confirmed, field), FeeAuditsApp.Agency(agencyId)).ResponseAsync,
            "DecideCaseAppeal" => () => a.DecideCaseAppealAsync(new DecideCaseAppealRequest { Decision = Decision(confirmed, inner), Overturn = true }, auditor).ResponseAsync,
            "MarkRefundPaid" => () => a.MarkRefundPaidAsync(new MarkRefundPaidRequest
            {
                RefundId = field == "refund_id" ? "" : confirmed.Refund.Id, EvidenceReference = field == "evidence_reference" ? "" : "Bank transfer",
            }, auditor).ResponseAsync,
            "ListCases" => () => a.ListCasesAsync(new ListCasesRequest
            {
                OriginCountry = field == "origin_country" ? "Nepal" : "NP", DestinationCountry = "QA",
                Page = new PageRequest { PageToken = field == "page.page_token" ? "not-ours" : "" },
            }, auditor).ResponseAsync,
            _ => throw new ArgumentException(rpc),
        };

        const string Written = """
            SELECT (SELECT COUNT(*) FROM cases) + (SELECT COALESCE(SUM(version), 0) FROM cases) + (SELECT COUNT(*) FROM case_decisions)
                 + (SELECT COUNT(*) FROM refund_orders) + (SELECT COUNT(*) FROM refund_orders WHERE state <> 'ORDERED') + (SELECT COUNT(*) FROM outbox)
            """;
        var before = await App.CountAsync(Written);
        var ex = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains(field, Fields(ex));
        Assert.Equal(before, await App.CountAsync(Written));
    }

    /// <summary>Two automatic cases of one agency in NP→QA: one open, one confirmed with a refund ordered.</summary>
    private async Task<(Case Open, Case Confirmed)> TwoCasesAsync(Guid agencyId)
    {
        var first = Scenario.Contract("NP-QA", "CONSTRUCTION", "2026-03-01", "QAR 1000.00", ["RECRUITMENT_SERVICE NPR 8000.00"], agencyId: agencyId);
        var second = Scenario.Contract("NP-QA", "CONSTRUCTION", "2026-03-01", "QAR 1000.00", ["RECRUITMENT_SERVICE NPR 9000.00"], agencyId: agencyId);
        await Given.AuditedAsync(first);
        await Given.AuditedAsync(second);
        var open = await Given.CaseOfAsync(first.ContractId);
        var auditor = FeeAuditsApp.Auditor("QA");
        var toConfirm = await App.Audits.AssignCaseAsync(Scenario.Decision(await Given.CaseOfAsync(second.ContractId)), auditor);
        var confirmed = await App.Audits.ConfirmCaseAsync(new ConfirmCaseRequest
        {
            Decision = Scenario.Decision(toConfirm),
            RefundAmount = new Money { CurrencyCode = "NPR", Amount = "9000.00" },
            RefundDueOn = Scenario.Day(Scenario.Today.AddDays(30)),
        }, auditor);
        return (open, confirmed);
    }

    private static List<string> Fields(RpcException ex) =>
        ex.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field).ToList() ?? [];
}
