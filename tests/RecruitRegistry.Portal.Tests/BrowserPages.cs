using Microsoft.Playwright;

namespace RecruitRegistry.Portal.Tests;

/// <summary>What the browser tests of the portal and the console do alike: submit a form, run axe-core on a page.</summary>
public static class BrowserPages
{
    /// <summary>Clicks a submit button and waits for the page it leads to (after any redirect).</summary>
    public static async Task<IResponse> SubmitAsync(IPage page, ILocator button)
    {
        var response = await page.RunAndWaitForResponseAsync(
            () => button.ClickAsync(), r => r.Request.IsNavigationRequest && r.Status is < 300 or >= 400);
        await page.WaitForLoadStateAsync(LoadState.Load);
        return response;
    }

    private static readonly string AxeSource = new Deque.AxeCore.Commons.BundledAxeScriptProvider().GetScript();

    /// <summary>
    /// axe-core (the copy Deque.AxeCore ships) on the page as it is, with WCAG 2.2 A and AA rules: its best-practice rules
    /// are advice, not the standard. Run in the page directly: the package's runner opens a second page per call.
    /// </summary>
    public static async Task AuditAsync(IPage page, string language, string what, List<string> found)
    {
        await page.EvaluateAsync(AxeSource);
        var violations = await page.EvaluateAsync<System.Text.Json.JsonElement>(
            """
            async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }))
                .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}) ${v.help}: ${v.nodes.slice(0, 3).map(n => n.html).join(' | ')}`)
            """);
        found.AddRange(violations.EnumerateArray().Select(v => $"{language} {what}: {v.GetString()}"));
    }
}
