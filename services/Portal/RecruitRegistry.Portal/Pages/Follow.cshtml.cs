using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.Portal.Pages;

/// <summary>
/// Follow my cases: the fee cases and grievances about the worker's contract and where each stands. A report, a
/// grievance or an appeal ends here (post, redirect, get): the key travels in the encrypted one-read TempData cookie,
/// never in the URL.
/// </summary>
public sealed class FollowModel(WorkerContracts.WorkerContractsClient contracts, Words words) : WorkerPage(words)
{
    public string? Done { get; private set; }

    public IReadOnlyList<WorkerCase>? Cases { get; private set; }

    public IReadOnlyList<WorkerGrievance>? Grievances { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (TempData[Follow.ReferenceKey] is string reference && TempData[Follow.CodeKey] is string code)
        {
            (Reference, Code, Done) = (reference, code, TempData[Follow.DoneKey] as string);
            return await ListAsync(ct);
        }

        return Page();
    }

    public Task<IActionResult> OnPostOpenAsync(CancellationToken ct) => OnPostAsync(ct);

    public Task<IActionResult> OnPostAsync(CancellationToken ct) => KeyMissing() ? Task.FromResult<IActionResult>(Page()) : ListAsync(ct);

    private async Task<IActionResult> ListAsync(CancellationToken ct)
    {
        try
        {
            var cases = contracts.ListWorkerCasesAsync(new ListWorkerCasesRequest { Reference = TrimmedReference, VerificationCode = TrimmedCode }, cancellationToken: ct);
            var grievances = contracts.ListWorkerGrievancesAsync(new ListWorkerGrievancesRequest { Reference = TrimmedReference, VerificationCode = TrimmedCode }, cancellationToken: ct);
            Cases = (await cases).Cases;
            Grievances = (await grievances).Grievances;
            return Page();
        }
        catch (RpcException refusal)
        {
            return Refused(refusal);
        }
    }
}

/// <summary>The TempData keys a write leaves for the follow page.</summary>
public static class Follow
{
    public const string DoneKey = "done";
    public const string ReferenceKey = "reference";
    public const string CodeKey = "code";
}
