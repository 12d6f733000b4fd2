using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.AuthorityConsole.Pages.Console;

/// <summary>
/// Sign-in: at the OpenID Connect issuer; or, in Development only, the officer picks a role and a country (every page
/// then says so). Anonymous by necessity.
/// </summary>
public sealed class SignInModel : OfficerPage
{
    public static readonly string[] OfficerRoles = [Roles.Authority, Roles.Auditor];

    [BindProperty]
    public string OfficerRole { get; set; } = Roles.Authority;

    [BindProperty]
    public string OfficerCountry { get; set; } = "";

    [BindProperty]
    [StringLength(100)]
    public string Name { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Development => HttpContext.RequestServices.GetRequiredService<ConsoleSignIn>().Development;

    public IActionResult OnGet() =>
        Development ? Page() : Challenge(new AuthenticationProperties { RedirectUri = ConsoleAddress(ReturnUrl) }, ConsoleModule.Scheme);

    public async Task<IActionResult> OnPostAsync()
    {
        if (!Development)
        {
            return NotFound(); // outside Development there is no such sign-in
        }

        if (!OfficerRoles.Contains(OfficerRole))
        {
            ModelState.AddModelError(nameof(OfficerRole), T["SignIn.RoleInvalid"]);
        }

        OfficerCountry = OfficerCountry.Trim().ToUpperInvariant();
        if (!IsoCodes.IsCountry(OfficerCountry))
        {
            ModelState.AddModelError(nameof(OfficerCountry), T["SignIn.CountryInvalid"]);
        }

        Name = Name.Trim();
        if (Name.Length is 0 or > 100)
        {
            ModelState.AddModelError(nameof(Name), T["SignIn.NameInvalid"]);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = 400;
            return Page();
        }

        var identity = new ClaimsIdentity(
            [new Claim(Claims.Role, OfficerRole), new Claim(Claims.Country, OfficerCountry), new Claim(Claims.Subject, Name)],
            ConsoleModule.Scheme, Claims.Subject, Claims.Role);
        await HttpContext.SignInAsync(ConsoleModule.Scheme, new ClaimsPrincipal(identity));
        return LocalRedirect(ConsoleAddress(ReturnUrl));
    }
}
