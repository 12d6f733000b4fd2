using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using RecruitRegistry.Contracts.Licensing.V1;

namespace RecruitRegistry.Portal.Pages;

/// <summary>
/// Check an agency before paying it: by name, or by licence number when no name matches. Its licences (state, since
/// when, for which destinations) and its confirmed violations by corridor and kind, from the public registry.
/// </summary>
public sealed class AgenciesModel(Licensing.LicensingClient licensing, Words words) : WorkerPage(words)
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public IReadOnlyList<RegistryEntry>? Entries { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var query = Query?.Trim() ?? "";
        if (query.Length == 0)
        {
            return Page();
        }

        if (query.Length > 200)
        {
            return Invalid("Problem.Invalid");
        }

        try
        {
            var found = await licensing.SearchRegistryAsync(new SearchRegistryRequest { Name = query, Page = new() { PageSize = 20 } }, cancellationToken: ct);
            if (found.Entries.Count == 0 && query.Any(char.IsDigit) && query.Length <= 64)
            {
                found = await licensing.SearchRegistryAsync(new SearchRegistryRequest { LicenceNumber = query, Page = new() { PageSize = 20 } }, cancellationToken: ct);
            }

            Entries = found.Entries;
            return Page();
        }
        catch (RpcException refusal)
        {
            return Refused(refusal);
        }
    }
}
