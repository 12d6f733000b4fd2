using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.Portal.Pages;

/// <summary>
/// Compare the contract I was handed with the registered one, on the key terms a worker can read off it: employer,
/// job, wage, hours, rest days, duration. The other terms are taken as registered. A difference is a substitution,
/// which WorkerContracts records as a report (the same terms sent again are the same report).
/// </summary>
public sealed class CompareModel(WorkerContracts.WorkerContractsClient contracts, Words words) : WorkerPage(words)
{
    [BindProperty]
    public string? Employer { get; set; }

    [BindProperty]
    public string? JobTitle { get; set; }

    /// <summary>In the registered wage's currency.</summary>
    [BindProperty]
    public string? Wage { get; set; }

    [BindProperty]
    public int? HoursPerWeek { get; set; }

    [BindProperty]
    public int? RestDaysPerWeek { get; set; }

    [BindProperty]
    public int? DurationMonths { get; set; }

    public CompareTermsReply? Compared { get; private set; }

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

        if (string.IsNullOrWhiteSpace(Employer) || string.IsNullOrWhiteSpace(JobTitle) || HoursPerWeek is null || RestDaysPerWeek is null || DurationMonths is null)
        {
            return Invalid("Problem.Compare");
        }

        if (!decimal.TryParse(Wage, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var wage) || wage <= 0)
        {
            return Invalid("Problem.Wage");
        }

        try
        {
            var registered = await contracts.VerifyContractAsync(new VerifyContractRequest { Reference = TrimmedReference, VerificationCode = TrimmedCode }, cancellationToken: ct);
            var offered = registered.Contract.Terms.Clone();
            offered.Employer.Name = Employer.Trim();
            offered.Job.Title = JobTitle.Trim();
            offered.MonthlyBasicWage.Amount = wage.ToString(CultureInfo.InvariantCulture);
            offered.HoursPerWeek = HoursPerWeek.Value;
            offered.RestDaysPerWeek = RestDaysPerWeek.Value;
            offered.DurationMonths = DurationMonths.Value;
            Compared = await contracts.CompareTermsAsync(
                new CompareTermsRequest { Reference = TrimmedReference, VerificationCode = TrimmedCode, OfferedTerms = offered }, cancellationToken: ct);
            return Page();
        }
        catch (RpcException refusal)
        {
            return Refused(refusal);
        }
    }

    /// <summary>The term a difference names ("terms.monthly_basic_wage"), in the worker's words.</summary>
    public string TermName(string field) => field switch
    {
        _ when field.Contains("employer", StringComparison.Ordinal) => Words["Terms.Employer"],
        _ when field.Contains("job", StringComparison.Ordinal) => Words["Terms.Job"],
        _ when field.Contains("wage", StringComparison.Ordinal) => Words["Terms.Wage"],
        _ when field.Contains("hours", StringComparison.Ordinal) => Words["Terms.Hours"],
        _ when field.Contains("rest_days", StringComparison.Ordinal) => Words["Terms.RestDays"],
        _ when field.Contains("duration", StringComparison.Ordinal) => Words["Terms.Duration"],
        _ => field,
    };
}
