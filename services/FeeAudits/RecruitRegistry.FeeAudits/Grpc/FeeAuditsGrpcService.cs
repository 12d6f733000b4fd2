using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.FeeAudits.Audits;
using RecruitRegistry.FeeAudits.Cases;
using RecruitRegistry.FeeAudits.Consistency;
using RecruitRegistry.FeeAudits.Policies;
using RecruitRegistry.FeeAudits.Rates;
using RecruitRegistry.FeeAudits.Reports;
using RecruitRegistry.Platform.Security;
using Api = RecruitRegistry.Contracts.FeeAudits.V1;

namespace RecruitRegistry.FeeAudits.Grpc;

/// <summary>
/// The public gRPC API of FeeAudits (recruit.feeaudits.v1.FeeAudits): each RPC hands the request and the caller to one
/// handler. Every RPC needs a token but CheckFees (also POST /v1/fees:check as JSON), which workers call before they pay;
/// otherwise workers reach FeeAudits through WorkerContracts.
/// </summary>
[Authorize(Policy = Platform.Security.Policies.Authenticated)]
internal sealed class FeeAuditsGrpcService(
    PolicyCommands policies,
    RateCommands rates,
    AuditQueries audits,
    CaseOpenings openings,
    CaseCommands cases,
    RefundCommands refunds,
    CaseQueries caseQueries,
    CorridorReports reports,
    FeeChecks checks,
    CorridorConsistency consistency) : Api.FeeAudits.FeeAuditsBase
{
    public override Task<Api.FeePolicy> DefinePolicy(DefinePolicyRequest request, ServerCallContext context) =>
        policies.DefineAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Api.FeePolicy> WithdrawPolicy(WithdrawPolicyRequest request, ServerCallContext context) =>
        policies.WithdrawAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ListPoliciesReply> ListPolicies(ListPoliciesRequest request, ServerCallContext context) =>
        policies.ListAsync(request, context.Caller(), context.CancellationToken);

    public override Task<SetExchangeRateReply> SetExchangeRate(SetExchangeRateRequest request, ServerCallContext context) =>
        rates.SetAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ListExchangeRatesReply> ListExchangeRates(ListExchangeRatesRequest request, ServerCallContext context) =>
        rates.ListAsync(request, context.Caller(), context.CancellationToken);

    public override Task<PolicyHistory> ListPolicyHistory(ListPolicyHistoryRequest request, ServerCallContext context) =>
        policies.HistoryAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Audit> GetAudit(GetAuditRequest request, ServerCallContext context) =>
        audits.GetAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ListAuditsReply> ListAudits(ListAuditsRequest request, ServerCallContext context) =>
        audits.ListAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Case> OpenCase(OpenCaseRequest request, ServerCallContext context) =>
        openings.OpenByAuditorAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Case> AssignCase(CaseDecisionRequest request, ServerCallContext context) =>
        cases.AssignAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Case> ConfirmCase(ConfirmCaseRequest request, ServerCallContext context) =>
        cases.ConfirmAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Case> DismissCase(CaseDecisionRequest request, ServerCallContext context) =>
        cases.DismissAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Case> AppealCase(CaseDecisionRequest request, ServerCallContext context) =>
        cases.AppealAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Case> DecideCaseAppeal(DecideCaseAppealRequest request, ServerCallContext context) =>
        cases.DecideAppealAsync(request, context.Caller(), context.CancellationToken);

    public override Task<Case> GetCase(GetCaseRequest request, ServerCallContext context) =>
        caseQueries.GetAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ListCasesReply> ListCases(ListCasesRequest request, ServerCallContext context) =>
        caseQueries.ListAsync(request, context.Caller(), context.CancellationToken);

    public override Task<RefundOrder> MarkRefundPaid(MarkRefundPaidRequest request, ServerCallContext context) =>
        refunds.MarkRefundPaidAsync(request, context.Caller(), context.CancellationToken);

    public override Task<CorridorReport> GetCorridorReport(CorridorReportRequest request, ServerCallContext context) =>
        reports.ReportAsync(request, context.Caller(), context.CancellationToken);

    [AllowAnonymous]
    public override Task<CheckFeesReply> CheckFees(CheckFeesRequest request, ServerCallContext context) =>
        checks.CheckAsync(request, context.CancellationToken);

    public override Task<CsvExport> ExportCorridorReportCsv(CorridorReportRequest request, ServerCallContext context) =>
        reports.ExportCsvAsync(request, context.Caller(), context.CancellationToken);

    public override Task<CorridorDigest> GetCorridorDigest(GetCorridorDigestRequest request, ServerCallContext context) =>
        consistency.DigestAsync(request, context.Caller(), context.CancellationToken);

    public override Task<RepublishCorridorReply> RepublishCorridor(RepublishCorridorRequest request, ServerCallContext context) =>
        consistency.RepublishAsync(request, context.Caller(), context.CancellationToken);
}
