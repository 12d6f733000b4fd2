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
    public long Version { get; set; }

    public string? Reason { get; set; }

    public string? LegalBasis { get; set; }

    public string? RefundAmount { get; set; }

    public string? RefundCurrency { get; set; }

    public DateOnly? RefundDueOn { get; set; }
}
