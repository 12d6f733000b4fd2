using System.Globalization;
using System.Resources;
using Microsoft.Playwright;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.EndToEnd;
using RecruitRegistry.Portal;
using RecruitRegistry.Testing;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.Portal.Tests;

/// <summary>
/// One standalone process (the README's run command) with the NP→QA corridor, a licensed agency and a contract whose
/// NPR 10,000 service fee Qatar's law forbids, and one headless Debian chromium that every test opens contexts in.
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    private static readonly ResourceManager Strings = new("RecruitRegistry.Portal.Resources.PortalText", typeof(PortalText).Assembly);

    private IPlaywright playwright = null!;

    public StandaloneSystem System { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public ContractsApi.RegisterContractReply Contract { get; private set; } = null!;

    /// <summary>Another worker's contract in the same corridor: its code is a well-formed wrong code for <see cref="Contract"/>.</summary>
    public ContractsApi.RegisterContractReply Other { get; private set; } = null!;

    public Uri Site => System.Http;

    /// <summary>Qatar's hotline as the portal is configured with it (test data: shared/reference holds no hotlines).</summary>
    public const string QatarHotline = "Ministry of Labour hotline (test data)";

    /// <summary>Where screenshots are kept: scripts/test.sh names a directory beside the test results.</summary>
    public static string Screenshots { get; } = Environment.GetEnvironmentVariable("RECRUIT_PORTAL_SCREENSHOTS") is { Length: > 0 } d
        ? d
        : Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>Debian's chromium: Playwright's own browser download is not reachable from these machines.</summary>
    public static string Chromium => Environment.GetEnvironmentVariable("RECRUIT_CHROMIUM") is { Length: > 0 } c ? c : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"no chromium at {Chromium}: scripts/test.sh installs Debian's chromium package");
        Directory.CreateDirectory(Screenshots);
        System = await StandaloneSystem.StartAsync(settings: $"--Portal:Hotlines:QA={QatarHotline}");
        var given = new CorridorScenario(System);
        var agency = await given.CorridorWithAgencyAsync();
        Contract = await given.RegisterAsync(agency);
        Other = await given.RegisterAsync(agency, ContractsApi.Sex.M, Sector.DomesticWork, serviceFee: null);
        await Eventually.Until(
            () => System.Contracts.VerifyContractAsync(new ContractsApi.VerifyContractRequest { Reference = Contract.Reference, VerificationCode = Contract.VerificationCode }).ResponseAsync,
            v => v.Contract.AuditOutcome == ContractsApi.AuditOutcome.Violation, TimeSpan.FromSeconds(30), "the contract's audit");

        playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync(playwright);
    }

    /// <summary>Headless Debian chromium, as every browser test here runs it.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Chromium,
        Headless = true,
        // Without the networking flags chromium keeps calling Google's hosts, which this closed network refuses.
        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });

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

    /// <summary>A fresh browser profile (no cookies) whose Accept-Language is <paramref name="language"/>, phone-sized.</summary>
    public Task<IBrowserContext> ContextAsync(string language = "en", bool javaScript = true, int width = 360) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Site.ToString(),
            Locale = language,
            JavaScriptEnabled = javaScript,
            ViewportSize = new ViewportSize { Width = width, Height = 780 },
        });

    /// <summary>The portal's own string for <paramref name="key"/> in <paramref name="language"/>, as the pages show it.</summary>
    public static string Text(string key, string language = "en", params object[] arguments)
    {
        var text = Strings.GetString(key, CultureInfo.GetCultureInfo(language)) ?? throw new KeyNotFoundException(key);
        return arguments.Length == 0 ? text : string.Format(CultureInfo.GetCultureInfo(language), text, arguments);
    }
}
