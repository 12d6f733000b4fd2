using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace RecruitRegistry.Portal.Pages;

/// <summary>
/// What every portal page shares: the contract key a worker types or brings from the verify page (posted, never in a
/// URL), and one way to tell the worker why a service refused (<see cref="Refused"/>).
/// </summary>
public abstract class WorkerPage(Words words) : PageModel
{
    protected Words Words { get; } = words;

    /// <summary>The reference printed on the contract copy ("NP-QA-26-…").</summary>
    [BindProperty]
    public string? Reference { get; set; }

    /// <summary>The verification code printed beside it.</summary>
    [BindProperty]
    public string? Code { get; set; }

    /// <summary>Set when the last call was refused: the sentence to show, in the worker's language.</summary>
    public string? Problem { get; private set; }

    /// <summary>The service's own words about a refused field (English), shown under <see cref="Problem"/>.</summary>
    public string? ProblemDetail { get; private set; }

    /// <summary>The most a worker's own account (of a grievance, a payment, an appeal) may say, as the services take it.</summary>
    public const int AccountLimit = 4000;

    protected string TrimmedReference => Reference?.Trim().ToUpperInvariant() ?? "";

    protected string TrimmedCode => Code?.Trim().ToUpperInvariant() ?? "";

    /// <summary>Asks for both halves of the key before any call: nothing is sent half-filled.</summary>
    protected bool KeyMissing()
    {
        if (!string.IsNullOrWhiteSpace(Reference) && !string.IsNullOrWhiteSpace(Code))
        {
            return false;
        }

        Problem = Words["Problem.KeyMissing"];
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return true;
    }

    /// <summary>
    /// The page again with the reason a service gave: a wrong code and an unknown reference read the same, as the API
    /// answers them; too many tries and a service away get their HTTP status, so a client can tell.
    /// </summary>
    protected IActionResult Refused(RpcException refusal)
    {
        (Problem, Response.StatusCode) = refusal.StatusCode switch
        {
            Grpc.Core.StatusCode.NotFound => (Words["Problem.NotFound"], StatusCodes.Status404NotFound),
            Grpc.Core.StatusCode.InvalidArgument => (Words["Problem.Invalid"], StatusCodes.Status400BadRequest),
            Grpc.Core.StatusCode.FailedPrecondition => (Words["Problem.NotNow"], StatusCodes.Status409Conflict),
            Grpc.Core.StatusCode.ResourceExhausted => (Words["Problem.TooMany"], StatusCodes.Status429TooManyRequests),
            Grpc.Core.StatusCode.AlreadyExists => (Words["Problem.NotNow"], StatusCodes.Status409Conflict),
            _ => (Words["Problem.Unavailable"], StatusCodes.Status503ServiceUnavailable),
        };
        if (refusal.StatusCode is Grpc.Core.StatusCode.InvalidArgument or Grpc.Core.StatusCode.FailedPrecondition)
        {
            ProblemDetail = refusal.Status.Detail;
        }

        return Page();
    }

    /// <summary>A worker's account that can be sent: something said, within <see cref="AccountLimit"/> once trimmed.</summary>
    protected static bool IsAccount([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? text) => text?.Trim() is { Length: > 0 and <= AccountLimit };

    protected IActionResult Invalid(string problemKey)
    {
        Problem = Words[problemKey];
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>After a write: the follow page, which shows the worker's cases and grievances and this sentence.</summary>
    protected IActionResult ToFollow(string doneKey)
    {
        TempData[Follow.DoneKey] = doneKey;
        TempData[Follow.ReferenceKey] = TrimmedReference;
        TempData[Follow.CodeKey] = TrimmedCode;
        return RedirectToPage("/Follow");
    }
}
