using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.FeeAudits.V1;
using WorkerContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.Portal.Pages;

/// <summary>File a grievance of any kind with the contract's key; both authorities of the corridor see it.</summary>
public sealed class GrievanceModel(WorkerContractsApi.WorkerContracts.WorkerContractsClient contracts, Words words) : WorkerPage(words)
{
    [BindProperty]
    public GrievanceKind Kind { get; set; }

    [BindProperty]
    public string? Account { get; set; }

    /// <summary>yyyy-MM-dd, as a date input sends it; optional.</summary>
    [BindProperty]
    public string? OccurredOn { get; set; }

    public void OnGet()
    {
    }

    public IActionResult OnPostOpen() => Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (KeyMissing())
        {
            return Page();
        }

        if (Kind == GrievanceKind.Unspecified)
        {
            return Invalid("Problem.Kind");
        }

        if (!IsAccount(Account))
        {
            return Invalid("Problem.Account");
        }

        var request = new WorkerContractsApi.FileGrievanceRequest { Reference = TrimmedReference, VerificationCode = TrimmedCode, Kind = Kind, Account = Account.Trim() };
        if (!string.IsNullOrWhiteSpace(OccurredOn))
        {
            if (!DateOnly.TryParseExact(OccurredOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return Invalid("Problem.Date");
            }

            request.OccurredOn = new Date { Year = day.Year, Month = day.Month, Day = day.Day };
        }

        try
        {
            await contracts.FileGrievanceAsync(request, cancellationToken: ct);
            return ToFollow("Done.Grievance");
        }
        catch (RpcException refusal)
        {
            return Refused(refusal);
        }
    }
}
