using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.AuthorityConsole.Pages.Console;

/// <summary>
/// The audit queue: a corridor's fee cases in a state (open ones first), each with what it holds and its deadline; or
/// the contracts whose audit could not decide, each with what is missing (a rate to set, a rule to define).
/// </summary>
public sealed class CasesModel : OfficerPage
{
    [BindProperty(SupportsGet = true)]
    public string? Corridor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; } = "OPEN";

    /// <summary>Only the confirmed cases whose refund is past its due day and unpaid.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Overdue { get; set; }

    /// <summary>Instead of cases: the contracts whose audit could not decide (a rate or a rule missing).</summary>
    [BindProperty(SupportsGet = true)]
    public bool Undetermined { get; set; }

    public IReadOnlyList<Case> Found { get; private set; } = [];

    public IReadOnlyList<QueuedAudit> Audits { get; private set; } = [];

    public static readonly CaseState[] States = Enum.GetValues<CaseState>().Where(ProtoEnums.IsSet).ToArray();

    public async Task<IActionResult> OnGetAsync()
    {
        if (string.IsNullOrEmpty(Corridor))
        {
            return Page();
        }

        var (origin, destination) = Split(Corridor);
        try
        {
            if (Undetermined)
            {
                Audits = (await Services.Audits.ListAuditsAsync(new ListAuditsRequest
                {
                    OriginCountry = origin,
                    DestinationCountry = destination,
                    Outcome = Contracts.WorkerContracts.V1.AuditOutcome.Undetermined,
                    Page = new() { PageSize = 100 },
                })).Audits;
                return Page();
            }

            var cases = (await Services.Audits.ListCasesAsync(new ListCasesRequest
            {
                OriginCountry = origin,
                DestinationCountry = destination,
                State = Overdue ? CaseState.Unspecified
                    : ProtoEnums.TryParse<CaseState>(State ?? "", "CASE_STATE_", out var state) ? state : CaseState.Unspecified,
                Page = new() { PageSize = 100 },
            })).Cases;
            Found = Overdue ? cases.Where(c => c.Refund?.State == RefundState.Overdue).ToList() : cases;
            return Page();
        }
        catch (RpcException e)
        {
            return Refused(e);
        }
    }
}
