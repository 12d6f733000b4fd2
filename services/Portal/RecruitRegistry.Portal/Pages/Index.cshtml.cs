using Microsoft.AspNetCore.Mvc.RazorPages;

namespace RecruitRegistry.Portal.Pages;

public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
