using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.AuthorityConsole.Pages.Console;

/// <summary>
/// Contract search (by reference, agency, passport number, status) and the endorsement queue: the destination's
/// authority endorses or rejects each registered contract, with reason and legal basis.
/// </summary>
public sealed class ContractsModel : OfficerPage
{
    [BindProperty(SupportsGet = true)]
    public string? Corridor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Reference { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Agency { get; set; }

    /// <summary>Matched by the service through its keyed hash; never shown back, never in a link.</summary>
    [BindProperty]
    public string? Passport { get; set; }

    /// <summary>"PENDING": the endorsement queue.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Endorsement { get; set; }

    [BindProperty]
    public EndorseForm Endorse { get; set; } = new();

    public IReadOnlyList<ContractView> Found { get; private set; } = [];

    public bool Searched { get; private set; }

    public Task<IActionResult> OnGetAsync() => SearchAsync();

    /// <summary>A passport search is a POST: the number stays out of the address bar, the history and the logs.</summary>
    public Task<IActionResult> OnPostSearchAsync() => SearchAsync();

    public async Task<IActionResult> OnPostEndorseAsync(bool endorse)
    {
        try
        {
            var contract = await Services.Contracts.EndorseContractAsync(new EndorseContractRequest
            {
                ContractId = Endorse.ContractId ?? "",
                ExpectedVersion = Endorse.Version,
                Endorse = endorse,
                Reason = Endorse.Reason?.Trim() ?? "",
                LegalBasis = Endorse.LegalBasis?.Trim() ?? "",
            });
            return DoneThen(T.Format(endorse ? "Contracts.Endorsed" : "Contracts.Rejected", contract.Reference), "/console/Contracts",
                new { corridor = Corridor, endorsement = Endorsement });
        }
        catch (RpcException e)
        {
            return Refused(e);
        }
    }

    private async Task<IActionResult> SearchAsync()
    {
        if (string.IsNullOrWhiteSpace(Corridor))
        {
            return Page();
        }

        var (origin, destination) = Split(Corridor);
        try
        {
            var reply = await Services.Contracts.SearchContractsAsync(new SearchContractsRequest
            {
                OriginCountry = origin,
                DestinationCountry = destination,
                Reference = Reference?.Trim() ?? "",
                AgencyId = Agency?.Trim() ?? "",
                PassportNumber = Passport?.Trim() ?? "",
                Status = Endorsement == "PENDING" ? ContractStatus.Registered : ContractStatus.Unspecified,
                Page = new() { PageSize = 100 },
            });
            Found = Endorsement == "PENDING"
                ? reply.Contracts.Where(c => c.Endorsement?.State == EndorsementState.Pending).ToList()
                : reply.Contracts;
            Searched = true;
            Passport = null;
            return Page();
        }
        catch (RpcException e)
        {
            return Refused(e);
        }
    }
}

public sealed class EndorseForm
{
    public string? ContractId { get; set; }

    public long Version { get; set; }

    public string? Reason { get; set; }

    public string? LegalBasis { get; set; }
}
