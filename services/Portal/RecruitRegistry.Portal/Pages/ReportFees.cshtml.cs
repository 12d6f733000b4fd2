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
    public const int Rows = 3;

    public IReadOnlyList<string> Currencies => Currency.OfCorridors(options.Value.Corridors);

    [BindProperty]
    public List<PaidFee> Paid { get; set; } = [.. Enumerable.Range(0, Rows).Select(_ => new PaidFee())];

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
        foreach (var fee in Paid.Take(Rows).Where(f => !string.IsNullOrWhiteSpace(f.Amount)))
        {
            if (!decimal.TryParse(fee.Amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount <= 0
                || fee.Category == FeeCategory.Unspecified || fee.Currency is null || !Currencies.Contains(fee.Currency))
            {
                return Invalid("Problem.Fee");
            }

            request.FeesPaid.Add(new Fee
            {
                Category = fee.Category,
                Amount = new Money { CurrencyCode = fee.Currency, Amount = amount.ToString(CultureInfo.InvariantCulture) },
                Payee = fee.Payee?.Trim() ?? "",
            });
        }

        if (request.FeesPaid.Count == 0)
        {
            return Invalid("Problem.Fee");
        }

        if (request.Account.Length == 0 || request.Account.Length > GrievanceModel.AccountLimit)
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

    public sealed class PaidFee
    {
        public FeeCategory Category { get; set; }

        public string? Amount { get; set; }

        public string? Currency { get; set; }

        public string? Payee { get; set; }
    }
}
