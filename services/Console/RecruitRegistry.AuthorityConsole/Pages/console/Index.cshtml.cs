using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using RecruitRegistry.Contracts.Licensing.V1;

namespace RecruitRegistry.AuthorityConsole.Pages.Console;

/// <summary>The officer's corridors: those of their country, each with its state and its dashboard.</summary>
public sealed class IndexModel : OfficerPage
{
    public IReadOnlyList<Corridor> Corridors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        try
        {
            Corridors = (await Services.Licensing.ListCorridorsAsync(new ListCorridorsRequest { Page = new() { PageSize = 100 } })).Corridors;
            return Page();
        }
        catch (RpcException e)
        {
            return Refused(e);
        }
    }
}
