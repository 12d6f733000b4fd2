using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.Portal.Pages;

/// <summary>Appeal a dismissed or unfounded grievance, once, by its deadline, in the worker's own words.</summary>
public sealed class AppealModel(WorkerContracts.WorkerContractsClient contracts, Words words) : WorkerPage(words)
{
    [BindProperty]
    public string? GrievanceId { get; set; }

    [BindProperty]
    public string? Grounds { get; set; }

    public IActionResult OnGet() => RedirectToPage("/Follow");

    public IActionResult OnPostOpen() => Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (KeyMissing())
        {
            return Page();
        }

        if (!IsAccount(Grounds))
        {
            return Invalid("Problem.Account");
        }

        try
        {
            await contracts.AppealGrievanceAsync(
                new AppealWorkerGrievanceRequest { Reference = TrimmedReference, VerificationCode = TrimmedCode, GrievanceId = GrievanceId?.Trim() ?? "", Grounds = Grounds.Trim() },
                cancellationToken: ct);
            return ToFollow("Done.Appeal");
        }
        catch (RpcException refusal)
        {
            return Refused(refusal);
        }
    }
}
