using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace RecruitRegistry.AuthorityConsole.Pages.Console;

/// <summary>
/// Sign-out (POST only, with antiforgery): the cookie is removed and the officer is told so. The page does not sign in
/// again by itself: at an OpenID Connect issuer that would bring the officer straight back in (the issuer's own session
/// is the issuer's), and the next officer at a shared desk must choose to.
/// </summary>
public sealed class SignOutModel : OfficerPage
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(ConsoleModule.Scheme);
        return LocalRedirect(ConsoleModule.Path + "/sign-out");
    }
}
