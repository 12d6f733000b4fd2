using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace RecruitRegistry.AuthorityConsole.Pages.Console;

/// <summary>Sign-out (POST only, with antiforgery): the cookie is removed; the next page asks for a sign-in again.</summary>
public sealed class SignOutModel : OfficerPage
{
    public IActionResult OnGet() => RedirectToPage("/console/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(ConsoleModule.Scheme);
        return LocalRedirect(ConsoleModule.Path + "/sign-in");
    }
}
