using System.Net;
using Microsoft.Playwright;
using RecruitRegistry.Testing;
using AuditsApi = RecruitRegistry.Contracts.FeeAudits.V1;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;
using static RecruitRegistry.Portal.Tests.PortalFixture;

namespace RecruitRegistry.Portal.Tests;

/// <summary>
/// What a worker does on the portal, in a real browser: verify the contract in each of the ten languages (phone-sized,
/// right to left where the script is), switch language, check a fee, compare a contract, file and follow a grievance
/// with JavaScript off, print the copy with its QR code; and what the pages must be: accessible (axe-core), light,
/// strict about where data may travel.
/// </summary>
public sealed class WorkerPortalTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    public static TheoryData<string> Languages => [.. PortalModule.Languages];

    private string Reference => portal.Contract.Reference;

    private string Code => portal.Contract.VerificationCode;

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_worker_opens_the_QR_link_and_verifies_the_contract_in_their_own_language(string language)
    {
        await using var context = await portal.ContextAsync(language, width: 320);
        var page = await context.NewPageAsync();

        // The QR code on the printed copy opens the page with the reference filled in, never the code.
        await page.GotoAsync($"/verify/{Reference}");
        Assert.Equal(Reference, await page.InputValueAsync("#reference"));
        Assert.Equal("", await page.InputValueAsync("#code"));
        await page.FillAsync("#code", Code);
        var answer = await BrowserPages.SubmitAsync(page, page.Locator("main form button[type=submit]"));

        Assert.Equal(200, answer.Status);
        Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));
        Assert.Equal(Text("Verify.Registered", language), await page.InnerTextAsync("#registered"));
        if (language != "en")
        {
            Assert.NotEqual(Text("Verify.Registered"), Text("Verify.Registered", language)); // a translation, not the fallback
        }

        Assert.Contains(Text("AuditOutcome.Violation", language), await page.InnerTextAsync(".outcome"));
        Assert.Contains(Text("FeeCategory.RecruitmentService", language), await page.InnerTextAsync("table"));

        // Right to left where the script is: the page mirrors, the site's name on the right.
        var rightToLeft = language is "ar" or "ur";
        Assert.Equal(rightToLeft ? "rtl" : "ltr", await page.GetAttributeAsync("html", "dir"));
        var brand = (await page.Locator(".brand").BoundingBoxAsync())!;
        var middle = brand.X + (brand.Width / 2);
        Assert.True(rightToLeft ? middle > 160 && brand.X + brand.Width > 300 : middle < 160 && brand.X < 20, $"{language}: the site's name at {brand.X}+{brand.Width}");

        // A cheap phone's 320 px: nothing scrolls sideways but the fee table inside its own box.
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 320, $"{language}: the page is wider than 320 px");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, $"verify-{language}.png"), FullPage = true });
    }

    [Fact]
    public async Task The_language_switch_works_on_every_page_and_is_remembered()
    {
        await using var context = await portal.ContextAsync("en");
        var page = await context.NewPageAsync();
        await page.GotoAsync("/fees");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));

        await page.SelectOptionAsync("#language", "ne");
        await BrowserPages.SubmitAsync(page, page.Locator("form.language button"));
        Assert.Equal("/fees", new Uri(page.Url).AbsolutePath); // back on the same page
        Assert.Equal("ne", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal(Text("Nav.Fees", "ne"), await page.InnerTextAsync("h1"));

        // The browser still says English; the cookie wins on every later page.
        await page.GotoAsync("/agencies");
        Assert.Equal("ne", await page.GetAttributeAsync("html", "lang"));
    }

    [Fact]
    public async Task Without_JavaScript_a_worker_files_a_grievance_and_follows_it_and_nothing_travels_in_a_URL()
    {
        await using var context = await portal.ContextAsync("bn", javaScript: false);
        var page = await context.NewPageAsync();
        var visited = new List<string>();
        page.Request += (_, request) => visited.Add(request.Url);

        await VerifyAsync(page);
        await BrowserPages.SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = Text("Nav.Grievance", "bn") }));

        Assert.Equal(Reference, await page.InputValueAsync("#reference")); // carried over, posted
        await page.SelectOptionAsync("#kind", "WagesWithheld");
        await page.FillAsync("#account", "তিন মাস ধরে বেতন পাইনি (no wages for three months)");
        var followed = await BrowserPages.SubmitAsync(page, page.Locator("main form button[type=submit]"));

        // Post, redirect, get: the follow page lists the grievance, its kind and state in plain words.
        Assert.Equal(200, followed.Status);
        Assert.Equal("/follow", new Uri(page.Url).PathAndQuery);
        Assert.Equal(Text("Done.Grievance", "bn"), await page.InnerTextAsync(".done"));
        var grievances = await page.InnerTextAsync("section[aria-labelledby=grievances]");
        Assert.Contains(Text("GrievanceKind.WagesWithheld", "bn"), grievances);
        Assert.Contains(Text("GrievanceState.Received", "bn"), grievances);

        // The key came in a one-read cookie: reloading shows the empty form, and no URL ever held the code.
        await page.ReloadAsync();
        Assert.Equal("", await page.InputValueAsync("#code"));
        Assert.DoesNotContain(visited, url => url.Contains(Code, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_worker_reports_the_fees_paid_and_follows_the_case_it_opens()
    {
        await using var context = await portal.ContextAsync("hi");
        var page = await context.NewPageAsync();
        await VerifyAsync(page);
        await BrowserPages.SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = Text("Nav.ReportFees", "hi") }));
        await page.SelectOptionAsync("#category-0", "RecruitmentService");
        await page.FillAsync("#amount-0", "85000");
        await page.SelectOptionAsync("#currency-0", "NPR");
        await page.FillAsync("#payee-0", "sub-agent");
        await page.FillAsync("#account", "Paid in cash before the medical, no receipt");
        await BrowserPages.SubmitAsync(page, page.Locator("main form button[type=submit]"));
        Assert.Equal(Text("Done.Fees", "hi"), await page.InnerTextAsync(".done"));

        // FeeAudits audits the report and opens a case; the worker sees it with its origin in plain words.
        var reported = Text("CaseOrigin.WorkerReport", "hi");
        for (var deadline = DateTime.UtcNow.AddSeconds(30); !(await page.InnerTextAsync("main")).Contains(reported, StringComparison.Ordinal);)
        {
            Assert.True(DateTime.UtcNow < deadline, "the report's case never showed");
            await Task.Delay(500);
            await SubmitKeyAsync(page, "/follow");
        }
    }

    [Fact]
    public async Task A_worker_appeals_a_dismissed_grievance_once()
    {
        // Qatar files a grievance for the worker and dismisses it: the worker may appeal it until the deadline.
        var filed = await portal.System.Grievances.FileGrievanceAsync(new AuditsApi.FileGrievanceRequest
        {
            ContractId = portal.Contract.ContractId, Kind = AuditsApi.GrievanceKind.LivingConditions, Account = "Twelve workers in one room",
            RequestId = Guid.NewGuid().ToString(),
        }, portal.System.Authority("QA"));
        await portal.System.Grievances.DismissGrievanceAsync(new AuditsApi.GrievanceDecisionRequest
        {
            GrievanceId = filed.Id, ExpectedVersion = filed.Version, Reason = "Inspection found the room within the rules",
            LegalBasis = "Qatar Labour Law 14/2004",
        }, portal.System.Authority("QA"));
        await Eventually.Until(
            async () => (await portal.System.Contracts.ListWorkerGrievancesAsync(new ContractsApi.ListWorkerGrievancesRequest { Reference = Reference, VerificationCode = Code })).Grievances,
            list => list.Any(g => g.GrievanceId == filed.Id && g.Appealable), TimeSpan.FromSeconds(30), "the dismissal shown as appealable");

        await using var context = await portal.ContextAsync("ur");
        var page = await context.NewPageAsync();
        await SubmitKeyAsync(page, "/follow");
        await BrowserPages.SubmitAsync(page, page.Locator($"form:has(input[name=GrievanceId][value='{filed.Id}']) button"));
        await page.FillAsync("#grounds", "The inspector came on a day the others were moved out");
        await BrowserPages.SubmitAsync(page, page.Locator("main form button[type=submit]"));

        Assert.Equal(Text("Done.Appeal", "ur"), await page.InnerTextAsync(".done"));
        Assert.Equal(0, await page.Locator($"input[name=GrievanceId][value='{filed.Id}']").CountAsync()); // once
        var appealed = await Eventually.Until(
            () => portal.System.Grievances.GetGrievanceAsync(new AuditsApi.GetGrievanceRequest { GrievanceId = filed.Id }, portal.System.Authority("NP")).ResponseAsync,
            g => g.State == AuditsApi.GrievanceState.Appealed, TimeSpan.FromSeconds(30), "FeeAudits to record the appeal");
        Assert.Equal(AuditsApi.GrievanceState.Appealed, appealed.State);
    }

    [Fact]
    public async Task A_fee_check_says_what_the_law_allows_and_the_excess_citing_each_rule()
    {
        await using var context = await portal.ContextAsync("en");
        var page = await context.NewPageAsync();
        await page.GotoAsync("/fees");
        await page.SelectOptionAsync("#corridor", "NP-QA");
        await page.SelectOptionAsync("#sector", "Construction");
        await page.FillAsync("#wage", "1200");
        await page.SelectOptionAsync("#category-0", "RecruitmentService");
        await page.FillAsync("#amount-0", "10000");
        await page.SelectOptionAsync("#currency-0", "NPR");
        await BrowserPages.SubmitAsync(page, page.Locator("main form button[type=submit]"));

        Assert.Equal(Text("Fees.Verdict.Violation"), await page.InnerTextAsync("#verdict"));
        Assert.Contains("NPR 10,000.00", await page.InnerTextAsync("td.excess"));
        var rules = await page.InnerTextAsync("ul.rules");
        Assert.Contains("Qatar Labour Law", rules); // Qatar's law forbids any fee (Art. 33)
        Assert.Contains("Foreign Employment", rules); // Nepal's own cap is cited beside it
    }

    [Fact]
    public async Task A_worker_compares_the_contract_handed_over_abroad_and_the_substitution_is_reported()
    {
        await using var context = await portal.ContextAsync("en");
        var page = await context.NewPageAsync();
        await VerifyAsync(page);
        await BrowserPages.SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = Text("Nav.Compare") }));

        await page.FillAsync("#employer", "Al Noor Contracting W.L.L.");
        await page.FillAsync("#job", "Mason");
        await page.FillAsync("#wage", "900");
        await page.FillAsync("#hours", "60");
        await page.FillAsync("#rest", "1");
        await page.FillAsync("#duration", "24");
        await BrowserPages.SubmitAsync(page, page.Locator("main form button[type=submit]"));

        Assert.Equal(Text("Compare.Substituted"), await page.InnerTextAsync(".outcome"));
        var differences = await page.InnerTextAsync("table");
        Assert.Contains(Text("Terms.Wage"), differences);
        Assert.Contains(Text("Terms.Hours"), differences);
        Assert.DoesNotContain(Text("Terms.Employer"), differences);
    }

    [Fact]
    public async Task A_wrong_code_reads_exactly_as_an_unknown_reference()
    {
        await using var context = await portal.ContextAsync("en");
        var page = await context.NewPageAsync();

        async Task<(int Status, string Problem)> TryAsync(string reference, string code)
        {
            var answer = await SubmitKeyAsync(page, "/verify", reference, code);
            return (answer.Status, await page.InnerTextAsync(".problem"));
        }

        // Well-formed both times: another contract's code, and a reference nobody was given.
        var wrongCode = await TryAsync(Reference, portal.Other.VerificationCode);
        var unknown = await TryAsync("NP-QA-26-ZZZZZZ", Code);
        Assert.Equal((404, Text("Problem.NotFound")), wrongCode);
        Assert.Equal(wrongCode, unknown);
    }

    [Fact]
    public async Task The_printed_copy_is_bilingual_and_its_QR_code_opens_the_verify_page_with_the_reference_only()
    {
        await using var context = await portal.ContextAsync("en", width: 794); // A4 at 96 dpi
        var page = await context.NewPageAsync();
        await VerifyAsync(page);
        await BrowserPages.SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = Text("Nav.Copy") }));

        // The worker registered Nepali as their language: every heading in Nepali beside English.
        Assert.Equal($"{Text("Copy.Heading", "ne")} / {Text("Copy.Heading")}", await page.InnerTextAsync("h1"));
        Assert.Equal(1, await page.Locator("figure.qr svg").CountAsync());
        var link = await page.InnerTextAsync("figure.qr figcaption");
        Assert.Equal(new Uri(portal.Site, $"/verify/{Reference}").AbsoluteUri, link);
        Assert.DoesNotContain(Code, link);
        var hotlines = await page.InnerTextAsync("article.copy > ul:last-of-type");
        Assert.Contains($"Qatar: {PortalFixture.QatarHotline}", hotlines); // configured
        Assert.Contains($"Nepal: {Text("Copy.NoHotline", "ne")} / {Text("Copy.NoHotline")}", hotlines); // none configured

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.False(await page.Locator("header.site").IsVisibleAsync()); // the print stylesheet keeps the copy alone
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "contract-copy-print.png"), FullPage = true });

        await page.GotoAsync(link);
        Assert.Equal(Reference, await page.InputValueAsync("#reference"));
    }

    [Fact]
    public async Task Checking_an_agency_shows_its_licence_and_its_confirmed_violations()
    {
        await using var context = await portal.ContextAsync("en");
        var page = await context.NewPageAsync();
        await page.GotoAsync("/agencies");
        await page.FillAsync("#q", "Himalayan");
        await BrowserPages.SubmitAsync(page, page.Locator("main form button[type=submit]"));

        var agency = await page.InnerTextAsync("article.agency");
        Assert.Contains(Testing.CorridorScenario.AgencyName, agency);
        Assert.Contains(Text("LicenceState.Active"), agency);
        Assert.Contains(Text("Agencies.NoViolations"), agency);
    }

    [Fact]
    public async Task Axe_finds_no_serious_or_critical_violation_on_any_page_in_any_language()
    {
        var found = new List<string>();
        foreach (var language in PortalModule.Languages)
        {
            await using var context = await portal.ContextAsync(language);
            var page = await context.NewPageAsync();
            foreach (var path in new[] { "/", "/agencies?q=Himalayan", "/fees", "/verify", "/follow", "/grievance", "/compare", "/report-fees", "/copy" })
            {
                await page.GotoAsync(path);
                await BrowserPages.AuditAsync(page, language, path, found);
            }

            await VerifyAsync(page);
            await BrowserPages.AuditAsync(page, language, "verify (result)", found);
            await BrowserPages.SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = Text("Nav.Follow", language) }));
            await BrowserPages.AuditAsync(page, language, "follow (result)", found);
            await VerifyAsync(page);
            await BrowserPages.SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = Text("Nav.Copy", language) }));
            await BrowserPages.AuditAsync(page, language, "copy (result)", found);
        }

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task The_first_page_weighs_at_most_100_KB_and_loads_nothing_from_elsewhere(string language)
    {
        await using var context = await portal.ContextAsync(language);
        var page = await context.NewPageAsync();
        var responses = new List<IResponse>();
        page.Response += (_, response) => responses.Add(response);
        await page.GotoAsync("/", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });

        long bytes = 0;
        foreach (var response in responses)
        {
            Assert.StartsWith(portal.Site.ToString(), response.Url, StringComparison.Ordinal);
            bytes += (await response.BodyAsync()).Length + (await response.AllHeadersAsync()).Sum(h => h.Key.Length + h.Value.Length + 4);
        }

        Assert.InRange(bytes, 1, 100 * 1024);
    }

    [Fact]
    public async Task Every_page_carries_a_strict_policy_and_a_form_without_its_antiforgery_token_is_refused()
    {
        using var http = new HttpClient { BaseAddress = portal.Site };
        var page = await http.GetAsync(new Uri("/verify", UriKind.Relative));
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.True(page.Headers.CacheControl?.NoStore, "a contract shown on a shared phone must not be cached");

        var forged = await http.PostAsync(new Uri("/verify", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Reference"] = Reference, ["Code"] = Code,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.DoesNotContain(Reference, await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task VerifyAsync(IPage page) => Assert.Equal(200, (await SubmitKeyAsync(page, "/verify")).Status);

    /// <summary>Opens a page that asks for the contract's key, types it and submits.</summary>
    private async Task<IResponse> SubmitKeyAsync(IPage page, string path, string? reference = null, string? code = null)
    {
        await page.GotoAsync(path);
        await page.FillAsync("#reference", reference ?? Reference);
        await page.FillAsync("#code", code ?? Code);
        return await BrowserPages.SubmitAsync(page, page.Locator("main form button[type=submit]"));
    }
}
