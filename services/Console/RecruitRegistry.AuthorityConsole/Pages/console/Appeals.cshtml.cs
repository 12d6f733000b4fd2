using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using RecruitRegistry.Contracts.Licensing.V1;

namespace RecruitRegistry.AuthorityConsole.Pages.Console;

/// <summary>
/// The appeals queue: agencies' appeals against decisions on the licences the officer's country issued, the longest
/// waiting first, each with the decision appealed and the grounds; the authority upholds or overturns, with reason and
/// legal basis (an overturned decision restores the licence, unless it changed since).
/// </summary>
public sealed class AppealsModel : OfficerPage
{
    [BindProperty]
    public AppealForm Decision { get; set; } = new();

    public IReadOnlyList<QueuedAppeal> Waiting { get; private set; } = [];

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Task<IActionResult> OnPostAsync(bool overturn) => WriteAsync(
        () => Services.Licensing.DecideAppealAsync(new DecideAppealRequest
        {
            AppealId = Decision.AppealId ?? "",
            Outcome = overturn ? AppealState.Overturned : AppealState.Upheld,
            Reason = Decision.Reason?.Trim() ?? "",
            LegalBasis = Decision.LegalBasis?.Trim() ?? "",
        }).ResponseAsync,
        _ => DoneThen(T[overturn ? "Appeals.Overturned" : "Appeals.Upheld"], "/console/Appeals"),
        ShowAsync);

    private Task<IActionResult> ShowAsync(RpcException? refusal = null) => PageAsync(
        async () => Waiting = (await Services.Licensing.ListAppealsAsync(new ListAppealsRequest { State = AppealState.Filed })).Appeals,
        refusal);

    /// <summary>Whole days since the appeal was filed.</summary>
    public static int DaysWaiting(QueuedAppeal appeal) => (int)(DateTime.UtcNow - appeal.Appeal.FiledAt.ToDateTime()).TotalDays;
}

public sealed class AppealForm
{
    public string? AppealId { get; set; }

    public string? Reason { get; set; }

    public string? LegalBasis { get; set; }
}
