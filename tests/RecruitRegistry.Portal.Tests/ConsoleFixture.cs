using System.Globalization;
using System.Resources;
using Microsoft.Playwright;
using RecruitRegistry.AuthorityConsole;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.EndToEnd;
using RecruitRegistry.Testing;

namespace RecruitRegistry.Portal.Tests;

/// <summary>
/// One standalone process (a Development host, so the console offers its development sign-in) with the NP→QA corridor
/// open (three confirmed violations in twelve months suspend an origin licence; no accreditation needed), an agency
/// licensed through the API, and headless chromium. Report cells of three workers are shown (the minimum cell size is
/// three here), so a handful of contracts makes the charts.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    private static readonly ResourceManager Strings = new("RecruitRegistry.AuthorityConsole.Resources.ConsoleText", typeof(ConsoleText).Assembly);

    private IPlaywright playwright = null!;

    public StandaloneSystem System { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>An NP agency licensed through the API, for the access tests.</summary>
    public Agency Agency { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(PortalFixture.Screenshots);
        System = await StandaloneSystem.StartAsync(settings: "--FeeAudits:MinimumCellSize=3");
        var given = new CorridorScenario(System);
        await given.OpenCorridorAsync(threshold: 3, accreditationRequired: false);
        Agency = await given.RegisterAgencyAsync(name: "Annapurna Placement Pvt. Ltd.", number: "DoFE-ACCESS-1");
        await given.IssueOriginLicenceAsync(Agency);
        playwright = await Playwright.CreateAsync();
        Browser = await PortalFixture.LaunchAsync(playwright);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (System is not null)
        {
            await System.DisposeAsync();
        }
    }

    /// <summary>An officer signed in with the development sign-in, in a fresh browser profile, desk-sized.</summary>
    public async Task<IPage> SignInAsync(string role, string country, string name, string language = "en")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = System.Http.ToString(),
            Locale = language,
            ViewportSize = new ViewportSize { Width = 1200, Height = 900 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console");
        Assert.Contains("/console/sign-in", page.Url, StringComparison.Ordinal); // anonymous: asked to sign in
        await page.SelectOptionAsync("#role", role);
        await page.FillAsync("#country", country);
        await page.FillAsync("#name", name);
        await BrowserPages.SubmitAsync(page, page.Locator("main form button[type=submit]"));
        Assert.EndsWith("/console", page.Url, StringComparison.Ordinal);
        return page;
    }

    /// <summary>The console's own string for <paramref name="key"/>, as the pages show it.</summary>
    public static string Text(string key, string language = "en", params object[] arguments)
    {
        var text = Strings.GetString(key, CultureInfo.GetCultureInfo(language)) ?? throw new KeyNotFoundException(key);
        return arguments.Length == 0 ? text : string.Format(CultureInfo.GetCultureInfo(language), text, arguments);
    }
}
