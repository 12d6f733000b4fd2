using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.AuthorityConsole.Pages.Console;

/// <summary>A corridor's grievances by state: their kind, who acts first, and the next step due (an outcome's day, the appeal window).</summary>
public sealed class GrievancesModel : OfficerPage
{
    [BindProperty(SupportsGet = true)]
    public string? Corridor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    public IReadOnlyList<Grievance> Found { get; private set; } = [];

    public static readonly GrievanceState[] States = Enum.GetValues<GrievanceState>().Where(ProtoEnums.IsSet).ToArray();

    public async Task<IActionResult> OnGetAsync()
    {
        if (string.IsNullOrWhiteSpace(Corridor))
        {
            return Page();
        }

        var (origin, destination) = Split(Corridor);
        try
        {
            Found = (await Services.Grievances.ListGrievancesAsync(new ListGrievancesRequest
            {
                OriginCountry = origin,
                DestinationCountry = destination,
                State = ProtoEnums.TryParse<GrievanceState>(State ?? "", "GRIEVANCE_STATE_", out var state) ? state : GrievanceState.Unspecified,
                Page = new() { PageSize = 100 },
            })).Grievances;
            return Page();
        }
        catch (RpcException e)
        {
            return Refused(e);
        }
    }

    /// <summary>What is due next: the earliest outcome ordered and not fulfilled, else the last day to appeal a decision.</summary>
    public string NextStep(Grievance grievance) =>
        grievance.Outcomes.Where(o => o.State is GrievanceOutcomeState.Ordered or GrievanceOutcomeState.Overdue)
            .OrderBy(o => Text.Day(o.DueOn)).FirstOrDefault() is { } outcome
            ? T.Format(outcome.State == GrievanceOutcomeState.Overdue ? "Grievances.OutcomeOverdue" : "Grievances.OutcomeDue", Text.Day(outcome.DueOn))
            : grievance.AppealDeadline is { Year: > 0 } ? T.Format("Grievances.AppealUntil", Text.Day(grievance.AppealDeadline))
            : grievance.State is GrievanceState.Received or GrievanceState.UnderReview or GrievanceState.Referred ? T["Grievances.Decision"] : "";
}
