using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.Portal.Pages;

/// <summary>
/// Check a fee before paying: the corridor, the job's sector and wage, and what the agency asks. FeeAudits' CheckFees
/// judges it against the rules in force and cites each; nothing is stored.
/// </summary>
public sealed class FeesModel(FeeAudits.FeeAuditsClient feeAudits, IOptions<PortalOptions> options, Words words) : WorkerPage(words)
{
    public IReadOnlyList<string> Corridors => options.Value.Corridors;

    public IReadOnlyList<string> Currencies { get; } = options.Value.Currencies();

    [BindProperty]
    public string? Corridor { get; set; }

    [BindProperty]
    public Sector Sector { get; set; }

    [BindProperty]
    public string? Wage { get; set; }

    [BindProperty]
    public int DurationMonths { get; set; } = 24;

    [BindProperty]
    public List<FeeRow> Asked { get; set; } = FeeRow.Blank();

    public CheckFeesReply? Checked { get; private set; }

    public (string Origin, string Destination) Countries =>
        Corridor is { Length: 5 } c && c[2] == '-' ? (c[..2], c[3..]) : ("", "");

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (origin, destination) = Countries;
        if (Corridor is null || !Corridors.Contains(Corridor))
        {
            return Invalid("Problem.Corridor");
        }

        if (!decimal.TryParse(Wage, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var wage) || wage <= 0)
        {
            return Invalid("Problem.Wage");
        }

        var request = new CheckFeesRequest
        {
            OriginCountry = origin,
            DestinationCountry = destination,
            Sector = Sector,
            MonthlyBasicWage = new Money { CurrencyCode = IsoCodes.CurrencyOf(destination) ?? "", Amount = wage.ToString(CultureInfo.InvariantCulture) },
            DurationMonths = DurationMonths,
        };
        if (FeeRow.Read(Asked, Currencies) is not { } fees)
        {
            return Invalid("Problem.Fee");
        }

        request.Fees.Add(fees);

        try
        {
            Checked = await feeAudits.CheckFeesAsync(request, cancellationToken: ct);
            return Page();
        }
        catch (RpcException refusal)
        {
            return Refused(refusal);
        }
    }
}
