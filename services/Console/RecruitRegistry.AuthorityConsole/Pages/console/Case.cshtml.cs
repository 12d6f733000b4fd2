using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.FeeAudits.V1;

namespace RecruitRegistry.AuthorityConsole.Pages.Console;

/// <summary>One fee case: what opened it, every decision on it, and the auditor's: confirm (with a refund order) or dismiss.</summary>
public sealed class CaseModel : OfficerPage
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty]
    public CaseForm Decision { get; set; } = new();

    public Case? Case { get; private set; }

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Task<IActionResult> OnPostConfirmAsync() => DecideAsync("Case.Confirmed", d => Services.Audits.ConfirmCaseAsync(new ConfirmCaseRequest
    {
        Decision = d,
        RefundAmount = MoneyFrom(Decision.RefundAmount, Decision.RefundCurrency),
        RefundDueOn = ToDate(Decision.RefundDueOn),
    }).ResponseAsync);

    /// <summary>Due process: a case is taken into review (assigned to the auditor) before it is confirmed or dismissed.</summary>
    public Task<IActionResult> OnPostAssignAsync() => DecideAsync("Case.Assigned", d => Services.Audits.AssignCaseAsync(d).ResponseAsync);

    public Task<IActionResult> OnPostDismissAsync() => DecideAsync("Case.Dismissed", d => Services.Audits.DismissCaseAsync(d).ResponseAsync);

    /// <summary>The agency's appeal against the confirmation: upheld, or overturned (the refund order is cancelled).</summary>
    public Task<IActionResult> OnPostDecideAppealAsync(bool overturn) => DecideAsync(
        overturn ? "Case.AppealOverturned" : "Case.AppealUpheld",
        d => Services.Audits.DecideCaseAppealAsync(new DecideCaseAppealRequest { Decision = d, Overturn = overturn }).ResponseAsync);

    public Task<IActionResult> OnPostRefundPaidAsync(string refundId) => WriteAsync(
        () => Services.Audits.MarkRefundPaidAsync(new MarkRefundPaidRequest { RefundId = refundId ?? "", EvidenceReference = Decision.Evidence?.Trim() ?? "" }).ResponseAsync,
        _ => DoneThen(T["Case.RefundPaid"], "/console/Case", new { id = Id }),
        ShowAsync);

    private Task<IActionResult> DecideAsync(string done, Func<CaseDecisionRequest, Task<Case>> decide) => WriteAsync(
        () => decide(new CaseDecisionRequest
        {
            CaseId = Id, ExpectedVersion = Decision.Version, Reason = Decision.Reason?.Trim() ?? "", LegalBasis = Decision.LegalBasis?.Trim() ?? "",
        }),
        _ => DoneThen(T[done], "/console/Case", new { id = Id }),
        ShowAsync);

    private Task<IActionResult> ShowAsync(RpcException? refusal = null) =>
        PageAsync(async () => Case = await Services.Audits.GetCaseAsync(new GetCaseRequest { CaseId = Id }), refusal);
}

public sealed class CaseForm
{
    /// <summary>A refund paid: the bank transfer or receipt that shows it.</summary>
    public string? Evidence { get; set; }

    public long Version { get; set; }

    public string? Reason { get; set; }

    public string? LegalBasis { get; set; }

    public string? RefundAmount { get; set; }

    public string? RefundCurrency { get; set; }

    public DateOnly? RefundDueOn { get; set; }
}
