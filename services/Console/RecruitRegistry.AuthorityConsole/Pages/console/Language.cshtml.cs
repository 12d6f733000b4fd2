using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace RecruitRegistry.AuthorityConsole.Pages.Console;

/// <summary>The language switch: remembered in a cookie for the console's paths, then back to the page it was used on.</summary>
public sealed class LanguageModel : OfficerPage
{
    public IActionResult OnPost(string language, string? returnUrl)
    {
        if (ConsoleModule.Languages.Contains(language))
        {
            Response.Cookies.Append(ConsoleModule.LanguageCookie, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)), new CookieOptions
            {
                Path = ConsoleModule.Path, HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = true, MaxAge = TimeSpan.FromDays(365), IsEssential = true,
            });
        }

        return LocalRedirect(ConsoleAddress(returnUrl));
    }
}
