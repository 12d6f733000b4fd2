using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.AuthorityConsole.Pages.Console;

/// <summary>
/// One grievance: the worker's account, every step taken on it (who, when, why, under which law), what it ordered; and
/// the acting authority's decisions: take into review, refer, resolve (founded, with an outcome ordered) or dismiss.
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

    public Task<IActionResult> OnPostResolveAsync()
    {
        var request = new ResolveGrievanceRequest { Founded = Decision.Founded };
        if (Decision.Founded && ProtoEnums.TryParse<GrievanceOutcomeKind>(Decision.OutcomeKind ?? "", "GRIEVANCE_OUTCOME_KIND_", out var kind))
        {
            request.Outcomes.Add(new GrievanceOutcomeOrder
            {
                Kind = kind,
                Amount = MoneyFrom(Decision.OutcomeAmount, Decision.OutcomeCurrency),
                DueOn = ToDate(Decision.OutcomeDueOn),
            });
        }

        return DecideAsync("Grievance.Resolved", d =>
        {
            request.Decision = d;
            return Services.Grievances.ResolveGrievanceAsync(request).ResponseAsync;
        });
    }

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

    public string? OutcomeKind { get; set; }

    public string? OutcomeAmount { get; set; }

    public string? OutcomeCurrency { get; set; }

    public DateOnly? OutcomeDueOn { get; set; }
}
