using System.Net;
using Grpc.Core;
using Microsoft.Playwright;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.EndToEnd;
using RecruitRegistry.Platform.Security;
using static RecruitRegistry.Portal.Tests.ConsoleFixture;

namespace RecruitRegistry.Portal.Tests;

/// <summary>
/// The console as a ministry runs it: signed in through an OpenID Connect issuer (<see cref="TestIssuer"/>, another
/// site to the browser), the services trusting that issuer's keys alone. The standalone process runs with the issuer as
/// its Auth:Authority, no development key and no development sign-in.
/// </summary>
public sealed class ConsoleOpenIdConnectTests : IAsyncLifetime
{
    private TestIssuer issuer = null!;
    private StandaloneSystem system = null!;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    public async Task InitializeAsync()
    {
        issuer = await TestIssuer.StartAsync();
        var address = issuer.Address.ToString().TrimEnd('/');
        system = await StandaloneSystem.StartAsync(settings:
        [
            "--Auth:SigningKey=",
            "--Auth:DevelopmentKeyFile=",
            $"--Auth:Authority={address}",
            $"--Auth:Issuer={address}",
            "--Auth:RequireHttpsMetadata=false",
            $"--Console:ClientId={TestIssuer.ClientId}",
            $"--Console:ClientSecret={issuer.ClientSecret}",
        ]);
        playwright = await Playwright.CreateAsync();
        browser = await PortalFixture.LaunchAsync(playwright);
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (system is not null)
        {
            await system.DisposeAsync();
        }

        if (issuer is not null)
        {
            await issuer.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_officer_signs_in_at_the_issuer_and_the_services_accept_its_token_and_no_other()
    {
        // No development sign-in here: the sign-in page sends the browser to the issuer at once.
        using (var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = system.Http })
        {
            var signIn = await http.GetAsync(new Uri("/console/sign-in", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            Assert.StartsWith($"{issuer.Address.ToString().TrimEnd('/')}/authorize?", signIn.Headers.Location!.ToString(), StringComparison.Ordinal);
            Assert.Contains("code_challenge_method=S256", signIn.Headers.Location!.Query, StringComparison.Ordinal);
        }

        issuer.Officer = (Roles.Authority, "NP", "Ram Thapa (DoFE)");
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = system.Http.ToString(), Locale = "en" });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console/agencies");
        Assert.StartsWith(issuer.Address.ToString(), page.Url, StringComparison.Ordinal);
        await BrowserPages.SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Sign in as Ram Thapa (DoFE)" }));
        Assert.EndsWith("/console/agencies", page.Url, StringComparison.Ordinal); // back where the officer was going
        Assert.Equal(1, issuer.TokensIssued);
        var header = await page.InnerTextAsync("header");
        Assert.Contains("Ram Thapa (DoFE)", header, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator(".development").CountAsync());

        // The console calls the services with the issuer's access token, from the very page the issuer sent the officer
        // back to: Nepal registers an agency, then proposes a corridor.
        await page.FillAsync("#legal-name", "Himalayan Overseas Pvt. Ltd.");
        await page.FillAsync("#registration-number", "DoFE-OIDC-1");
        await page.FillAsync("#address", "Ward 10, Lalitpur");
        await page.FillAsync("#directors", "Bishnu Karki");
        await BrowserPages.SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = Text("Agencies.RegisterSubmit") }));
        Assert.Contains(Text("Agencies.Registered", "en", "Himalayan Overseas Pvt. Ltd."), await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await page.GotoAsync("/console");
        await page.FillAsync("#destination", "AE");
        await page.FillAsync("#agreement", "NP-AE memorandum (test data)");
        await page.CheckAsync("input[name='Propose.Sectors'][value='CONSTRUCTION']");
        await BrowserPages.SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = Text("Corridors.ProposeSubmit") }));
        Assert.Contains(Text("Corridors.Proposed", "en", "NP-AE"), await page.InnerTextAsync("main"), StringComparison.Ordinal);

        // A token signed with any other key is refused by the services, whatever it claims.
        var forged = Assert.Throws<RpcException>(() => system.Licensing.ListCorridors(new ListCorridorsRequest(), system.Authority("NP")));
        Assert.Equal(StatusCode.Unauthenticated, forged.StatusCode);

        // Signed out, the console says so and waits; the next page asks the issuer again.
        await BrowserPages.SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = Text("Site.SignOut") }));
        Assert.EndsWith("/console/sign-out", page.Url, StringComparison.Ordinal);
        Assert.Contains(Text("SignedOut.Title"), await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "recruit.console");
        await page.GetByRole(AriaRole.Link, new() { Name = Text("SignedOut.Again") }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(issuer.Address.ToString(), StringComparison.Ordinal));
        Assert.Equal(1, issuer.TokensIssued);
    }
}
