using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.AuthorityConsole.Pages.Console;

/// <summary>
/// One agency's record: its licences and accreditations with every decision on them (who, when, what, why, under which
/// law), its compliance record, and the authority's decisions: issue, amend, renew, suspend, reinstate, revoke.
/// </summary>
public sealed class AgencyModel : OfficerPage
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty]
    public IssueLicenceForm Issue { get; set; } = new();

    [BindProperty]
    public DecisionForm Decision { get; set; } = new();

    public Agency? Agency { get; private set; }

    public RegistryEntry? Entry { get; private set; }

    public ComplianceRecord? Compliance { get; private set; }

    public Dictionary<string, IReadOnlyList<LicenceDecision>> History { get; } = [];

    public static readonly Sector[] Sectors = Enum.GetValues<Sector>().Where(ProtoEnums.IsSet).ToArray();

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Task<IActionResult> OnPostIssueAsync() => WriteAsync(
        () => Services.Licensing.IssueLicenceAsync(new IssueLicenceRequest
        {
            AgencyId = Id,
            Kind = ProtoEnums.TryParse<LicenceKind>(Issue.Kind ?? "", "LICENCE_KIND_", out var kind) ? kind : LicenceKind.Unspecified,
            Number = Issue.Number?.Trim() ?? "",
            DestinationCountries = { Countries(Issue.Destinations).Select(c => c.ToUpperInvariant()) },
            Sectors = { Issue.Sectors.Select(SectorOf) },
            ValidFrom = ToDate(Issue.ValidFrom),
            ValidUntil = ToDate(Issue.ValidUntil),
            SecurityBond = MoneyFrom(Issue.BondAmount, Issue.BondCurrency),
            Conditions = { Lines(Issue.Conditions) },
            Reason = Issue.Reason?.Trim() ?? "",
            LegalBasis = Issue.LegalBasis?.Trim() ?? "",
        }).ResponseAsync,
        licence => DoneThen(T.Format("Licence.Issued", licence.Number), "/console/Agency", new { id = Id }),
        ShowAsync);

    public Task<IActionResult> OnPostSuspendAsync() => DecideAsync("Licence.Suspended", (d, l) =>
        l.SuspendLicenceAsync(new SuspendLicenceRequest { Decision = d, Until = ToDate(Decision.Until) }).ResponseAsync);

    /// <summary>New destinations, sectors, conditions or bond, the licence's dates and state unchanged.</summary>
    public Task<IActionResult> OnPostAmendAsync() => DecideAsync("Licence.Amended", (d, l) => l.AmendLicenceAsync(new AmendLicenceRequest
    {
        Decision = d,
        DestinationCountries = { Countries(Decision.Destinations).Select(c => c.ToUpperInvariant()) },
        Sectors = { Decision.Sectors.Select(SectorOf) },
        Conditions = { Lines(Decision.Conditions) },
        SecurityBond = MoneyFrom(Decision.BondAmount, Decision.BondCurrency),
    }).ResponseAsync);

    public Task<IActionResult> OnPostReinstateAsync() => DecideAsync("Licence.Reinstated", (d, l) => l.ReinstateLicenceAsync(d).ResponseAsync);

    public Task<IActionResult> OnPostRevokeAsync() => DecideAsync("Licence.Revoked", (d, l) => l.RevokeLicenceAsync(d).ResponseAsync);

    public Task<IActionResult> OnPostRenewAsync() => DecideAsync("Licence.Renewed", (d, l) =>
        l.RenewLicenceAsync(new RenewLicenceRequest { Decision = d, ValidUntil = ToDate(Decision.Until) }).ResponseAsync);

    private Task<IActionResult> DecideAsync(string done, Func<LicenceDecisionRequest, Licensing.LicensingClient, Task<Licence>> decide) => WriteAsync(
        () => decide(new LicenceDecisionRequest
        {
            LicenceId = Decision.LicenceId ?? "",
            ExpectedVersion = Decision.Version,
            Reason = Decision.Reason?.Trim() ?? "",
            LegalBasis = Decision.LegalBasis?.Trim() ?? "",
        }, Services.Licensing),
        licence => DoneThen(T.Format(done, licence.Number), "/console/Agency", new { id = Id }),
        ShowAsync);

    private Task<IActionResult> ShowAsync(RpcException? refusal = null) => PageAsync(
        async () =>
        {
            Agency = await Services.Licensing.GetAgencyAsync(new GetAgencyRequest { AgencyId = Id });
            Entry = (await Services.Licensing.SearchRegistryAsync(new SearchRegistryRequest
            {
                Country = Agency.Country, RegistrationNumber = Agency.RegistrationNumber, Page = new() { PageSize = 1 },
            })).Entries.SingleOrDefault();
            Compliance = await Services.Licensing.GetComplianceRecordAsync(new GetAgencyRequest { AgencyId = Id });
            foreach (var licence in Entry?.Licences ?? [])
            {
                History[licence.Id] = (await Services.Licensing.ListLicenceHistoryAsync(new GetLicenceRequest { LicenceId = licence.Id })).Decisions;
            }
        },
        refusal);

    private static IEnumerable<string> Countries(string? list) =>
        (list ?? "").Split([',', ' ', '|'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static IEnumerable<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static Sector SectorOf(string code) => ProtoEnums.TryParse<Sector>(code, "SECTOR_", out var sector) ? sector : Sector.Unspecified;
}

public sealed class IssueLicenceForm
{
    public string? Kind { get; set; } = "ORIGIN_LICENCE";

    public string? Number { get; set; }

    /// <summary>ISO 3166-1 alpha-2 codes, separated by commas.</summary>
    public string? Destinations { get; set; }

    public List<string> Sectors { get; set; } = [];

    public DateOnly? ValidFrom { get; set; }

    public DateOnly? ValidUntil { get; set; }

    public string? BondAmount { get; set; }

    public string? BondCurrency { get; set; }

    /// <summary>One condition a line.</summary>
    public string? Conditions { get; set; }

    public string? Reason { get; set; }

    public string? LegalBasis { get; set; }
}

/// <summary>A decision on a licence: which one, at which version (so two officers cannot decide over each other), why, under which law.</summary>
public sealed class DecisionForm
{
    public string? LicenceId { get; set; }

    public long Version { get; set; }

    public string? Reason { get; set; }

    public string? LegalBasis { get; set; }

    /// <summary>Suspend: the day the suspension lifts itself (optional); renew: the new last day.</summary>
    public DateOnly? Until { get; set; }

    /// <summary>Amend: the licence's destinations, sectors, conditions (one a line) and bond as they are to be.</summary>
    public string? Destinations { get; set; }

    public List<string> Sectors { get; set; } = [];

    public string? Conditions { get; set; }

    public string? BondAmount { get; set; }

    public string? BondCurrency { get; set; }
}
