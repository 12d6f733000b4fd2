using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.Portal.Pages;

/// <summary>Report the fees actually paid (also after return): FeeAudits audits them and opens a case.</summary>
public sealed class ReportFeesModel(WorkerContracts.WorkerContractsClient contracts, IOptions<PortalOptions> options, Words words) : WorkerPage(words)
{
    public IReadOnlyList<string> Currencies { get; } = options.Value.Currencies();

    [BindProperty]
    public List<FeeRow> Paid { get; set; } = FeeRow.Blank();

    [BindProperty]
    public string? Account { get; set; }

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

        var request = new ReportFeesPaidRequest { Reference = TrimmedReference, VerificationCode = TrimmedCode, Account = Account?.Trim() ?? "" };
        if (FeeRow.Read(Paid, Currencies) is not { } fees)
        {
            return Invalid("Problem.Fee");
        }

        request.FeesPaid.Add(fees);
        if (!IsAccount(Account))
        {
            return Invalid("Problem.Account");
        }

        try
        {
            await contracts.ReportFeesPaidAsync(request, cancellationToken: ct);
            return ToFollow("Done.Fees");
        }
        catch (RpcException refusal)
        {
            return Refused(refusal);
        }
    }
}
