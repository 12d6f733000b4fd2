using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.AuthorityConsole.Pages.Console;

/// <summary>One contract as registered: the worker (never the passport), its endorsement and end, and every version of its terms with who recorded it, why, and its audit.</summary>
public sealed class ContractModel : OfficerPage
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public ContractView? Contract { get; private set; }

    public IReadOnlyList<ContractVersion> Versions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        try
        {
            Contract = await Services.Contracts.GetContractAsync(new GetContractRequest { ContractId = Id });
            Versions = (await Services.Contracts.ListContractVersionsAsync(new GetContractRequest { ContractId = Id })).Versions;
            return Page();
        }
        catch (RpcException e)
        {
            return Refused(e);
        }
    }
}
