using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.AuthorityConsole.Pages.Console;

/// <summary>
/// One grievance: the worker's account, every step taken on it (who, when, why, under which law), what it ordered; and
/// an authority's decisions: take into review, refer, resolve (founded, with the outcomes it orders) or dismiss; mark an
/// ordered outcome fulfilled with its evidence; appeal a dismissal or an unfounded resolution for the worker, and
/// uphold or overturn an appeal. The service decides which authority may do which.
/// </summary>
public sealed class GrievanceModel : OfficerPage
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty]
    public GrievanceForm Decision { get; set; } = new();

    public Grievance? Grievance { get; private set; }

    public static readonly GrievanceReferral[] Referrals = Enum.GetValues<GrievanceReferral>().Where(ProtoEnums.IsSet).ToArray();

    public static readonly GrievanceOutcomeKind[] OutcomeKinds = Enum.GetValues<GrievanceOutcomeKind>().Where(ProtoEnums.IsSet).ToArray();

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Task<IActionResult> OnPostReviewAsync() => DecideAsync("Grievance.Reviewing", d => Services.Grievances.ReviewGrievanceAsync(d).ResponseAsync);

    public Task<IActionResult> OnPostDismissAsync() => DecideAsync("Grievance.Dismissed", d => Services.Grievances.DismissGrievanceAsync(d).ResponseAsync);

    public Task<IActionResult> OnPostReferAsync() => DecideAsync("Grievance.Referred", d => Services.Grievances.ReferGrievanceAsync(new ReferGrievanceRequest
    {
        Decision = d,
        ReferredTo = ProtoEnums.TryParse<GrievanceReferral>(Decision.Referral ?? "", "GRIEVANCE_REFERRAL_", out var to) ? to : GrievanceReferral.Unspecified,
    }).ResponseAsync);

    /// <summary>Founded: every outcome ticked is ordered (the service checks each amount and due day, naming the field).</summary>
    public Task<IActionResult> OnPostResolveAsync()
    {
        var request = new ResolveGrievanceRequest { Founded = Decision.Founded };
        if (Decision.Founded)
        {
            request.Outcomes.Add(Decision.Orders.Where(o => o.Ordered).Select(o => new GrievanceOutcomeOrder
            {
                Kind = ProtoEnums.TryParse<GrievanceOutcomeKind>(o.Kind ?? "", "GRIEVANCE_OUTCOME_KIND_", out var kind) ? kind : GrievanceOutcomeKind.Unspecified,
                Amount = MoneyFrom(o.Amount, o.Currency),
                DueOn = ToDate(o.DueOn),
            }));
        }

        return DecideAsync("Grievance.Resolved", d =>
        {
            request.Decision = d;
            return Services.Grievances.ResolveGrievanceAsync(request).ResponseAsync;
        });
    }

    public Task<IActionResult> OnPostFulfilledAsync(string outcomeId) => WriteAsync(
        () => Services.Grievances.MarkOutcomeFulfilledAsync(new MarkOutcomeFulfilledRequest
        {
            OutcomeId = outcomeId ?? "", EvidenceReference = Decision.Evidence?.Trim() ?? "",
        }).ResponseAsync,
        _ => DoneThen(T["Grievance.Fulfilled"], "/console/Grievance", new { id = Id }),
        ShowAsync);

    /// <summary>For the worker: against a dismissal or an unfounded resolution, once, until the appeal deadline.</summary>
    public Task<IActionResult> OnPostAppealAsync() => WriteAsync(
        () => Services.Grievances.AppealGrievanceAsync(new AppealGrievanceRequest { GrievanceId = Id, Grounds = Decision.Grounds?.Trim() ?? "" }).ResponseAsync,
        _ => DoneThen(T["Grievance.Appealed"], "/console/Grievance", new { id = Id }),
        ShowAsync);

    public Task<IActionResult> OnPostDecideAppealAsync(bool overturn) => DecideAsync(
        overturn ? "Grievance.AppealOverturned" : "Grievance.AppealUpheld",
        d => Services.Grievances.DecideGrievanceAppealAsync(new DecideGrievanceAppealRequest { Decision = d, Overturn = overturn }).ResponseAsync);

    private Task<IActionResult> DecideAsync(string done, Func<GrievanceDecisionRequest, Task<Grievance>> decide) => WriteAsync(
        () => decide(new GrievanceDecisionRequest
        {
            GrievanceId = Id, ExpectedVersion = Decision.Version, Reason = Decision.Reason?.Trim() ?? "", LegalBasis = Decision.LegalBasis?.Trim() ?? "",
        }),
        _ => DoneThen(T[done], "/console/Grievance", new { id = Id }),
        ShowAsync);

    private Task<IActionResult> ShowAsync(RpcException? refusal = null) =>
        PageAsync(async () => Grievance = await Services.Grievances.GetGrievanceAsync(new GetGrievanceRequest { GrievanceId = Id }), refusal);
}

public sealed class GrievanceForm
{
    public long Version { get; set; }

    public string? Reason { get; set; }

    public string? LegalBasis { get; set; }

    public string? Referral { get; set; }

    public bool Founded { get; set; }

    /// <summary>One row per kind of outcome: ticked, it is ordered.</summary>
    public List<OutcomeOrderForm> Orders { get; set; } = [];

    public string? Evidence { get; set; }

    public string? Grounds { get; set; }
}

public sealed class OutcomeOrderForm
{
    public bool Ordered { get; set; }

    public string? Kind { get; set; }

    public string? Amount { get; set; }

    public string? Currency { get; set; }

    public DateOnly? DueOn { get; set; }
}
