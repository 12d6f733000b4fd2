using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using RecruitRegistry.Contracts.Licensing.V1;

namespace RecruitRegistry.AuthorityConsole.Pages.Console;

/// <summary>
/// The appeals queue: agencies' appeals against decisions on the licences the officer's country issued, the longest
/// waiting first, each with the decision appealed and the grounds; the authority upholds or overturns, with reason and
/// legal basis (an overturned decision restores the licence, unless it changed since). Each appeal shows the day it is to
/// be decided by under the country's appeal rule, which the authority sets here with its law and source.
/// </summary>
public sealed class AppealsModel : OfficerPage
{
    [BindProperty]
    public AppealForm Decision { get; set; } = new();

    [BindProperty]
    public AppealRuleForm Rule { get; set; } = new();

    public IReadOnlyList<QueuedAppeal> Waiting { get; private set; } = [];

    /// <summary>The officer's country's appeal rule; none until its authority sets one.</summary>
    public AppealRule? CurrentRule => RuleHistory.Count == 0 ? null : RuleHistory[^1].Rule;

    /// <summary>Every version of that rule, with why it was set; the last is the rule in force (written in one transaction).</summary>
    public IReadOnlyList<AppealRuleChange> RuleHistory { get; private set; } = [];

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

    /// <summary>The authority's own country's rule: within how many days an appeal is decided, under which law.</summary>
    public Task<IActionResult> OnPostRuleAsync() => WriteAsync(
        () => Services.Licensing.SetAppealRuleAsync(new SetAppealRuleRequest
        {
            DecisionDays = Rule.Days,
            LegalReference = Rule.LegalReference?.Trim() ?? "",
            Source = Rule.Source?.Trim() ?? "",
            Reason = Rule.Reason?.Trim() ?? "",
            ExpectedVersion = Rule.Version,
        }).ResponseAsync,
        rule => DoneThen(T.Format("Appeals.RuleSet", rule.DecisionDays), "/console/Appeals"),
        ShowAsync);

    private Task<IActionResult> ShowAsync(RpcException? refusal = null) => PageAsync(
        async () =>
        {
            Waiting = (await Services.Licensing.ListAppealsAsync(new ListAppealsRequest { State = AppealState.Filed })).Appeals;
            RuleHistory = (await Services.Licensing.ListAppealRuleHistoryAsync(new GetAppealRuleRequest { Country = Country })).Changes;
        },
        refusal);

    /// <summary>Whole days since the appeal was filed.</summary>
    public static int DaysWaiting(QueuedAppeal appeal) => (int)(DateTime.UtcNow - appeal.Appeal.FiledAt.ToDateTime()).TotalDays;

    /// <summary>Past its day to be decided by (today is still in time).</summary>
    public static bool Overdue(QueuedAppeal appeal) =>
        appeal.DecideBy is { Year: > 0 } day && new DateOnly(day.Year, day.Month, day.Day) < DateOnly.FromDateTime(DateTime.UtcNow);
}

public sealed class AppealRuleForm
{
    public int Days { get; set; }

    public string? LegalReference { get; set; }

    public string? Source { get; set; }

    public string? Reason { get; set; }

    public long Version { get; set; }
}

public sealed class AppealForm
{
    public string? AppealId { get; set; }

    public string? Reason { get; set; }

    public string? LegalBasis { get; set; }
}
