using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.AuthorityConsole.Pages.Console;

/// <summary>
/// The officer's corridors (those of their country) with their state and dashboard; for an authority, proposing a
/// corridor and deciding on one (the destination approves a proposal; either side suspends or closes), each with reason
/// and legal basis.
/// </summary>
public sealed class IndexModel : OfficerPage
{
    [BindProperty]
    public ProposeForm Propose { get; set; } = new();

    [BindProperty]
    public CorridorDecisionForm Decision { get; set; } = new();

    public IReadOnlyList<Corridor> Corridors { get; private set; } = [];

    public static readonly Sector[] Sectors = Enum.GetValues<Sector>().Where(ProtoEnums.IsSet).ToArray();

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Task<IActionResult> OnPostProposeAsync() => WriteAsync(
        () => Services.Licensing.ProposeCorridorAsync(new ProposeCorridorRequest
        {
            OriginCountry = Country,
            DestinationCountry = Propose.Destination?.Trim().ToUpperInvariant() ?? "",
            BilateralAgreementReference = Propose.Agreement?.Trim() ?? "",
            DestinationAccreditationRequired = Propose.AccreditationRequired,
            MinimumWorkerAge = Propose.MinimumAge,
            Sectors = { Propose.Sectors.Select(s => ProtoEnums.TryParse<Sector>(s, "SECTOR_", out var sector) ? sector : Sector.Unspecified) },
            SuspensionThreshold = Propose.Threshold,
            SuspensionWindowMonths = Propose.WindowMonths,
        }).ResponseAsync,
        corridor => DoneThen(T.Format("Corridors.Proposed", $"{corridor.OriginCountry}-{corridor.DestinationCountry}"), "/console/Index"),
        ShowAsync);

    public Task<IActionResult> OnPostApproveAsync() => DecideAsync("Corridors.Approved", d => Services.Licensing.ApproveCorridorAsync(d).ResponseAsync);

    public Task<IActionResult> OnPostSuspendAsync() => DecideAsync("Corridors.Suspended", d => Services.Licensing.SuspendCorridorAsync(d).ResponseAsync);

    public Task<IActionResult> OnPostCloseAsync() => DecideAsync("Corridors.Closed", d => Services.Licensing.CloseCorridorAsync(d).ResponseAsync);

    private Task<IActionResult> DecideAsync(string done, Func<CorridorDecisionRequest, Task<Corridor>> decide) => WriteAsync(
        () => decide(new CorridorDecisionRequest
        {
            CorridorId = Decision.CorridorId ?? "",
            ExpectedVersion = Decision.Version,
            Reason = Decision.Reason?.Trim() ?? "",
            LegalBasis = Decision.LegalBasis?.Trim() ?? "",
        }),
        corridor => DoneThen(T.Format(done, $"{corridor.OriginCountry}-{corridor.DestinationCountry}"), "/console/Index"),
        ShowAsync);

    private Task<IActionResult> ShowAsync(RpcException? refusal = null) => PageAsync(
        async () => Corridors = (await Services.Licensing.ListCorridorsAsync(new ListCorridorsRequest { Page = new() { PageSize = 100 } })).Corridors,
        refusal);
}

public sealed class ProposeForm
{
    public string? Destination { get; set; }

    public string? Agreement { get; set; }

    public bool AccreditationRequired { get; set; }

    public int MinimumAge { get; set; } = 21;

    public List<string> Sectors { get; set; } = [];

    public int Threshold { get; set; } = 3;

    public int WindowMonths { get; set; } = 12;
}

public sealed class CorridorDecisionForm
{
    public string? CorridorId { get; set; }

    public long Version { get; set; }

    public string? Reason { get; set; }

    public string? LegalBasis { get; set; }
}
