using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.Portal.Pages;

/// <summary>
/// Verify my contract: reference and code (the QR code on the printed copy opens this page with the reference filled
/// in, never the code). The registered terms and fees, the agency's licence today and the audit with each excess fee.
/// </summary>
public sealed class VerifyModel(WorkerContracts.WorkerContractsClient contracts, Words words) : WorkerPage(words)
{
    public VerifyContractReply? Verified { get; private set; }

    public void OnGet(string? reference) => Reference = reference;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (KeyMissing())
        {
            return Page();
        }

        try
        {
            Verified = await contracts.VerifyContractAsync(
                new VerifyContractRequest { Reference = TrimmedReference, VerificationCode = TrimmedCode }, cancellationToken: ct);
            return Page();
        }
        catch (RpcException refusal)
        {
            return Refused(refusal);
        }
    }
}
