using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using RecruitRegistry.Contracts.Licensing.V1;

namespace RecruitRegistry.AuthorityConsole.Pages.Console;

/// <summary>The registry's agencies: found by name (of the officer's country unless another is asked), and registered by an authority.</summary>
public sealed class AgenciesModel : OfficerPage
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? In { get; set; }

    [BindProperty]
    public RegisterAgencyForm Register { get; set; } = new();

    public IReadOnlyList<RegistryEntry> Found { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        try
        {
            Found = (await Services.Licensing.SearchRegistryAsync(new SearchRegistryRequest
            {
                Name = Q?.Trim() ?? "",
                Country = string.IsNullOrWhiteSpace(In) ? Country : In.Trim().ToUpperInvariant(),
                Page = new() { PageSize = 100 },
            })).Entries;
            return Page();
        }
        catch (RpcException e)
        {
            return Refused(e);
        }
    }

    public async Task<IActionResult> OnPostRegisterAsync()
    {
        try
        {
            var agency = await Services.Licensing.RegisterAgencyAsync(new RegisterAgencyRequest
            {
                LegalName = Register.LegalName?.Trim() ?? "",
                RegistrationNumber = Register.RegistrationNumber?.Trim() ?? "",
                Country = Country,
                Address = Register.Address?.Trim() ?? "",
                ContactEmail = Register.ContactEmail?.Trim() ?? "",
                ContactPhone = Register.ContactPhone?.Trim() ?? "",
                Directors = { (Register.Directors ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(d => new Director { FullName = d }) },
            });
            return DoneThen(T.Format("Agencies.Registered", agency.LegalName), "/console/Agency", new { id = agency.Id });
        }
        catch (RpcException e)
        {
            return Refused(e);
        }
    }
}

public sealed class RegisterAgencyForm
{
    public string? LegalName { get; set; }

    public string? RegistrationNumber { get; set; }

    public string? Address { get; set; }

    public string? ContactEmail { get; set; }

    public string? ContactPhone { get; set; }

    /// <summary>One director's full name a line.</summary>
    public string? Directors { get; set; }
}
