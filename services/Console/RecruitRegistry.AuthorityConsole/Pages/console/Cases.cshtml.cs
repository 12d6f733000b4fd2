using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.AuthorityConsole.Pages.Console;

/// <summary>The audit queue: a corridor's fee cases in a state (open ones first), each with what it holds and its deadline.</summary>
public sealed class CasesModel : OfficerPage
{
    [BindProperty(SupportsGet = true)]
    public string? Corridor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; } = "OPEN";

    /// <summary>Only the confirmed cases whose refund is past its due day and unpaid.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Overdue { get; set; }

    public IReadOnlyList<Case> Found { get; private set; } = [];

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
