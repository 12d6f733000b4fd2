using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using QRCoder;
using RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.Portal.Pages;

/// <summary>
/// The contract copy the agency or authority prints at signing (A4): the key terms and fees in the worker's preferred
/// language beside English, the reference and code, the authorities' hotlines and a QR code to the verify page. The QR
/// code carries the reference only, never the code: a photo of the code alone must not open the contract.
/// </summary>
public sealed class CopyModel(WorkerContracts.WorkerContractsClient contracts, IOptions<PortalOptions> options, Words words) : WorkerPage(words)
{
    public VerifyContractReply? Verified { get; private set; }

    /// <summary>The QR code as inline SVG markup (generated here from the verify address: no user markup in it).</summary>
    public string? QrSvg { get; private set; }

    public string? VerifyUrl { get; private set; }

    public IReadOnlyDictionary<string, string> Hotlines => options.Value.Hotlines;

    public void OnGet()
    {
    }

    public Task<IActionResult> OnPostOpenAsync(CancellationToken ct) => OnPostAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (KeyMissing())
        {
            return Page();
        }

        try
        {
            Verified = await contracts.VerifyContractAsync(new VerifyContractRequest { Reference = TrimmedReference, VerificationCode = TrimmedCode }, cancellationToken: ct);
        }
        catch (RpcException refusal)
        {
            return Refused(refusal);
        }

        var site = options.Value.PublicUrl ?? new Uri($"{Request.Scheme}://{Request.Host}");
        VerifyUrl = new Uri(site, "/verify/" + Uri.EscapeDataString(Verified.Contract.Reference)).AbsoluteUri;
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(VerifyUrl, QRCodeGenerator.ECCLevel.M);
        QrSvg = new SvgQRCode(data).GetGraphic(4);
        return Page();
    }
}
