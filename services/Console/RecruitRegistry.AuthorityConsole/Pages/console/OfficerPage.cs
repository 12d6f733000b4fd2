using System.Security.Claims;
using Grpc.Core;
using GrpcCode = Grpc.Core.StatusCode;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Platform.Security;

namespace RecruitRegistry.AuthorityConsole.Pages.Console;

/// <summary>
/// What every console page shares: the signed-in officer (role, country, name), the services, and how a refusal of a
/// service is shown (its status in the officer's words, the service's detail naming the field, the HTTP status).
/// </summary>
public abstract class OfficerPage : PageModel
{
    /// <summary>Why the last call was refused, for the page's alert; null when nothing was.</summary>
    public string? Problem { get; private set; }

    public string? ProblemDetail { get; private set; }

    /// <summary>What the last write did, carried over the redirect after it.</summary>
    [TempData]
    public string? Done { get; set; }

    protected Services Services => HttpContext.RequestServices.GetRequiredService<Services>();

    protected Text T => HttpContext.RequestServices.GetRequiredService<Text>();

    public string Role => User.FindFirstValue(Claims.Role) ?? "";

    public string Country => User.FindFirstValue(Claims.Country) ?? "";

    public bool IsAuthority => Role == Roles.Authority;

    public bool IsAuditor => Role == Roles.Auditor;

    /// <summary>A service's refusal as the page shows it; the page is answered with the matching HTTP status.</summary>
    protected IActionResult Refused(RpcException refusal)
    {
        (Problem, var status) = refusal.StatusCode switch
        {
            GrpcCode.InvalidArgument or GrpcCode.OutOfRange => (T["Problem.Invalid"], 400),
            GrpcCode.NotFound => (T["Problem.NotFound"], 404),
            GrpcCode.PermissionDenied => (T["Problem.Denied"], 403),
            GrpcCode.FailedPrecondition or GrpcCode.Aborted or GrpcCode.AlreadyExists => (T["Problem.Conflict"], 409),
            GrpcCode.Unauthenticated => (T["Problem.SignIn"], 401),
            _ => (T["Problem.Unavailable"], 503),
        };
        ProblemDetail = refusal.Status.Detail;
        Response.StatusCode = status;
        return Page();
    }

    /// <summary>
    /// The page with what it shows loaded; after a refused write, the same page with the refusal and the record as it is
    /// now. A refused load is the page's answer.
    /// </summary>
    protected async Task<IActionResult> PageAsync(Func<Task> load, RpcException? refusal = null)
    {
        try
        {
            await load();
        }
        catch (RpcException e)
        {
            return Refused(refusal ?? e);
        }

        return refusal is null ? Page() : Refused(refusal);
    }

    /// <summary>
    /// A write from a form: what it returns names what was done, for the page again by GET (<paramref name="then"/>,
    /// usually <see cref="DoneThen"/>); a refusal shows the page as it is now, with the refusal (<paramref name="show"/>).
    /// </summary>
    protected static async Task<IActionResult> WriteAsync<TResult>(
        Func<Task<TResult>> write, Func<TResult, IActionResult> then, Func<RpcException?, Task<IActionResult>> show)
    {
        TResult result;
        try
        {
            result = await write();
        }
        catch (RpcException e)
        {
            return await show(e);
        }

        return then(result);
    }

    /// <summary>An amount and its currency as typed; none when the amount is blank (the service checks both).</summary>
    protected static Money? MoneyFrom(string? amount, string? currency) => string.IsNullOrWhiteSpace(amount)
        ? null
        : new Money { Amount = amount.Trim(), CurrencyCode = currency?.Trim().ToUpperInvariant() ?? "" };

    /// <summary>Where to go back to after signing in or choosing a language: a console address, never another site's.</summary>
    protected static string ConsoleAddress(string? url) =>
        url is { Length: > 1 } u && u.StartsWith(ConsoleModule.Path, StringComparison.Ordinal) && !u.StartsWith("//", StringComparison.Ordinal) ? u : ConsoleModule.Path;

    /// <summary>"NP-QA" as typed: its origin and destination (the service names whichever is not a country).</summary>
    protected static (string Origin, string Destination) Split(string corridor)
    {
        var parts = corridor.Trim().ToUpperInvariant().Split('-');
        return (parts[0], parts.Length > 1 ? parts[1] : "");
    }

    /// <summary>After a write: the page again by GET, with what was done said once.</summary>
    protected IActionResult DoneThen(string message, string page, object? values = null)
    {
        Done = message;
        return RedirectToPage(page, values);
    }

    protected static Date? ToDate(DateOnly? day) => day is { } d ? new Date { Year = d.Year, Month = d.Month, Day = d.Day } : null;
}
