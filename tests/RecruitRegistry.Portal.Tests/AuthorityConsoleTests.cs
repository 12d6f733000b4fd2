using System.Net;
using Microsoft.Playwright;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.EndToEnd;
using RecruitRegistry.Testing;
using AuditsApi = RecruitRegistry.Contracts.FeeAudits.V1;
using static RecruitRegistry.Portal.Tests.ConsoleFixture;

namespace RecruitRegistry.Portal.Tests;

/// <summary>
/// The authority console in Debian's chromium, on the standalone process: two ministries and an auditor at work, each
/// page checked by axe-core, screenshots kept; and what an officer of another country is shown of the corridor: nothing.
/// </summary>
public sealed class AuthorityConsoleTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_clerk_licenses_an_agency_an_auditor_confirms_three_cases_and_the_dashboard_shows_the_licence_suspended()
    {
        var found = new List<string>();

        // Nepal's clerk registers an agency and issues its origin licence, with reason and legal basis.
        var clerk = await console.SignInAsync("authority", "NP", "Sita Adhikari (DoFE clerk)");
        await BrowserPages.AuditAsync(clerk, "en", "corridors", found);
        await clerk.GotoAsync("/console/agencies");
        await BrowserPages.AuditAsync(clerk, "en", "agencies", found);
        await clerk.FillAsync("#legal-name", "Everest Manpower Pvt. Ltd.");
        await clerk.FillAsync("#registration-number", "DoFE-2026-0042");
        await clerk.FillAsync("#address", "Ward 4, Kathmandu");
        await clerk.FillAsync("#directors", "Hari Prasad Sharma\nMaya Gurung");
        await BrowserPages.SubmitAsync(clerk, clerk.GetByRole(AriaRole.Button, new() { Name = Text("Agencies.RegisterSubmit") }));
        Assert.Contains(Text("Agencies.Registered", "en", "Everest Manpower Pvt. Ltd."), await clerk.InnerTextAsync("main"), StringComparison.Ordinal);
        var agencyId = clerk.Url.Split('/')[^1];

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await clerk.CheckAsync("input[name='Issue.Kind'][value='ORIGIN_LICENCE']");
        await clerk.FillAsync("#number", "NP-LIC-0042");
        await clerk.FillAsync("#destinations", "QA");
        await clerk.CheckAsync("input[name='Issue.Sectors'][value='CONSTRUCTION']");
        await clerk.FillAsync("#valid-from", today.AddDays(-10).ToString("yyyy-MM-dd"));
        await clerk.FillAsync("#valid-until", today.AddYears(2).ToString("yyyy-MM-dd"));
        await clerk.FillAsync("#bond", "1500000.00");
        await clerk.FillAsync("#bond-currency", "NPR");
        await clerk.FillAsync("#issue-reason", "Bond lodged; premises inspected");
        await clerk.FillAsync("#issue-basis", "Foreign Employment Act 2064, s.11");
        await BrowserPages.SubmitAsync(clerk, clerk.GetByRole(AriaRole.Button, new() { Name = Text("Licence.IssueSubmit") }));
        Assert.Contains(Text("Licence.Issued", "en", "NP-LIC-0042"), await clerk.InnerTextAsync("main"), StringComparison.Ordinal);
        var history = await clerk.InnerTextAsync("section.licence table");
        Assert.Contains("Sita Adhikari (DoFE clerk)", history, StringComparison.Ordinal);
        Assert.Contains("Foreign Employment Act 2064, s.11", history, StringComparison.Ordinal);
        await BrowserPages.AuditAsync(clerk, "en", "agency", found);

        // The licence amended: a condition added and the bond raised, its history saying who, why and under which law.
        var amend = clerk.Locator("section.licence details", new() { HasText = Text("Licence.Amend") });
        await amend.Locator("summary").ClickAsync();
        await amend.Locator("textarea[name='Decision.Conditions']").FillAsync("Report deployments to DoFE every quarter");
        await amend.Locator("input[name='Decision.BondAmount']").FillAsync("2000000.00");
        await amend.Locator("textarea[name='Decision.Reason']").FillAsync("Bond raised with the new deployment quota");
        await amend.Locator("input[name='Decision.LegalBasis']").FillAsync("Foreign Employment Rules 2064, r.10");
        await BrowserPages.SubmitAsync(clerk, amend.GetByRole(AriaRole.Button, new() { Name = Text("Licence.AmendSubmit") }));
        Assert.Contains(Text("Licence.Amended", "en", "NP-LIC-0042"), await clerk.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Contains("Bond raised with the new deployment quota", await clerk.InnerTextAsync("section.licence table"), StringComparison.Ordinal);
        var amended = (await console.System.Licensing.SearchRegistryAsync(new SearchRegistryRequest { Country = "NP", RegistrationNumber = "DoFE-2026-0042" }))
            .Entries.Single().Licences.Single();
        Assert.Equal(["Report deployments to DoFE every quarter"], amended.Conditions);
        Assert.Equal(["QA"], amended.DestinationCountries);
        await clerk.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalFixture.Screenshots, "console-agency.png"), FullPage = true });

        // The agency registers three contracts through the API, each with a service fee Qatar's law forbids: each audit
        // finds a violation and opens a case.
        var agency = new Agency { Id = agencyId };
        for (var i = 0; i < 3; i++)
        {
            await console.System.Contracts.RegisterContractAsync(
                CorridorScenario.Registration(agency, i == 1 ? Contracts.WorkerContracts.V1.Sex.M : Contracts.WorkerContracts.V1.Sex.F, serviceFee: "8000.00"),
                console.System.Agency(agencyId));
        }

        await Eventually.Until(
            () => console.System.Audits.ListCasesAsync(new AuditsApi.ListCasesRequest { OriginCountry = "NP", DestinationCountry = "QA", AgencyId = agencyId }, console.System.Auditor("QA")).ResponseAsync,
            r => r.Cases.Count == 3, Deadline, "three cases");

        // Qatar's auditor confirms the three from the audit queue.
        var auditor = await console.SignInAsync("auditor", "QA", "Noora Al-Thani (auditor)");
        await auditor.GotoAsync("/console/cases?corridor=NP-QA&state=OPEN");
        await BrowserPages.AuditAsync(auditor, "en", "cases", found);
        var cases = await auditor.Locator("main table tbody th a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.Equal(3, cases.Length);
        foreach (var link in cases)
        {
            await auditor.GotoAsync(link);
            await BrowserPages.AuditAsync(auditor, "en", "case", found);
            await auditor.FillAsync("#reason", "Audit finding: a service fee in the contract");
            await auditor.FillAsync("#basis", "Qatar Labour Law No. 14 of 2004, Art. 33");
            await BrowserPages.SubmitAsync(auditor, auditor.GetByRole(AriaRole.Button, new() { Name = Text("Case.Assign") }));
            Assert.Contains(Text("Case.Assigned"), await auditor.InnerTextAsync("main"), StringComparison.Ordinal);
            await auditor.FillAsync("#reason", "Service fee charged to the worker");
            await auditor.FillAsync("#basis", "Qatar Labour Law No. 14 of 2004, Art. 33");
            await auditor.FillAsync("#refund-due", today.AddDays(30).ToString("yyyy-MM-dd")); // the refund: the excess, prefilled
            await BrowserPages.SubmitAsync(auditor, auditor.GetByRole(AriaRole.Button, new() { Name = Text("Case.Confirm") }));
            Assert.Contains(Text("Case.Confirmed"), await auditor.InnerTextAsync("main"), StringComparison.Ordinal);
        }

        // Three confirmed violations in the window: Licensing suspends the origin licence by itself.
        await Eventually.Until(
            async () => (await console.System.Licensing.SearchRegistryAsync(new SearchRegistryRequest { Country = "NP", RegistrationNumber = "DoFE-2026-0042" })).Entries.Single().Licences.Single().State,
            s => s == LicenceState.Suspended, Deadline, "the automatic suspension");

        // The dashboard: the new counts in the figures and the charts, the agency's licence suspended.
        await Eventually.Until(
            async () =>
            {
                await clerk.GotoAsync("/console/corridors/NP-QA");
                return await clerk.InnerTextAsync("main");
            },
            text => text.Contains(Text("LICENCE_STATE_SUSPENDED"), StringComparison.Ordinal), Deadline, "the dashboard to show the suspension");
        var row = clerk.Locator("main table tbody tr", new() { HasText = "Everest Manpower Pvt. Ltd." });
        Assert.Equal(Text("LICENCE_STATE_SUSPENDED"), (await row.Locator("td.licence-state").InnerTextAsync()).Trim());
        Assert.Equal("3", (await row.Locator("td").First.InnerTextAsync()).Trim());
        Assert.Equal("3", (await clerk.Locator("dl.figures div", new() { HasText = Text("Dashboard.Registered") }).Locator("dd").InnerTextAsync()).Trim());
        var month = today.ToString("yyyy-MM");
        Assert.Equal($"{month}: 3", await clerk.GetAttributeAsync("#by-month ~ img", "alt"));
        Assert.Equal($"{Text("SECTOR_CONSTRUCTION")}: 3", await clerk.GetAttributeAsync("#by-sector ~ img", "alt"));
        // Two women and one man: both cells are below the minimum of three, so they are named as suppressed, not drawn.
        Assert.Equal(0, await clerk.Locator("#by-sex ~ img").CountAsync());
        Assert.Contains($"{Text("Dashboard.Suppressed")} {Text("Sex.F")}, {Text("Sex.M")}", await clerk.InnerTextAsync("figure:has(#by-sex)"), StringComparison.Ordinal);
        Assert.Contains($"{Text("Outcome.VIOLATION")}: 3", await clerk.GetAttributeAsync("#audits ~ img", "alt") ?? "", StringComparison.Ordinal);
        Assert.Contains($"{Text("CASE_STATE_CONFIRMED")}: 3", await clerk.GetAttributeAsync("#cases ~ img", "alt") ?? "", StringComparison.Ordinal);
        Assert.Equal("3", (await clerk.Locator("dl.figures div", new() { HasText = Text("Dashboard.RefundsOrdered") }).Locator("dd").InnerTextAsync()).Trim());
        // Over time: the violations by the month their contracts were registered, the refunds by the month they were ordered.
        Assert.Equal($"{month}: 3", await clerk.GetAttributeAsync("#violations-by-month ~ img", "alt"));
        Assert.Equal($"{month}: 3", await clerk.GetAttributeAsync("#refunds-by-month ~ img", "alt"));
        Assert.StartsWith("data:image/svg+xml;base64,", await clerk.GetAttributeAsync("#by-month ~ img", "src"), StringComparison.Ordinal);
        await BrowserPages.AuditAsync(clerk, "en", "dashboard", found);
        await clerk.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalFixture.Screenshots, "console-dashboard-en.png"), FullPage = true });

        // The agency's compliance record names the three confirmed cases, each a link to its history.
        await clerk.GotoAsync($"/console/agencies/{agencyId}");
        Assert.Equal(3, await clerk.Locator("dl.facts a[href^='/console/cases/']").CountAsync());
        await clerk.GotoAsync("/console/corridors/NP-QA");

        // The report as a workbook, from the dashboard's link.
        var download = await clerk.RunAndWaitForDownloadAsync(() => clerk.GetByRole(AriaRole.Link, new() { Name = Text("Dashboard.Xlsx") }).ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename, StringComparison.Ordinal);
        var workbookPath = Path.Combine(PortalFixture.Screenshots, "console-report.xlsx");
        await download.SaveAsAsync(workbookPath);
        using (var workbook = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(workbookPath, isEditable: false))
        {
            Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(workbook));
            var sheet = workbook.WorkbookPart!.WorksheetParts.Single().Worksheet;
            var rows = sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().ToList();
            Assert.Equal(["figure", "breakdown", "key", "count", "currency", "amount"], rows[0].Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InnerText));
            Assert.All(rows[0].Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>(), c => Assert.Equal(1u, c.StyleIndex?.Value)); // bold
            Assert.Equal("A2", sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Pane>().Single().TopLeftCell?.Value); // the header stays in view
            var registered = rows.First(r => r.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().First().InnerText == "contracts_registered");
            var count = registered.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().ElementAt(3);
            Assert.Equal((DocumentFormat.OpenXml.Spreadsheet.CellValues.Number, "3"), (count.DataType!.Value, count.InnerText));
        }

        // In Arabic, right to left, the same figures.
        await clerk.SelectOptionAsync("#language", "ar");
        await BrowserPages.SubmitAsync(clerk, clerk.Locator("form.language button"));
        Assert.Equal("rtl", await clerk.GetAttributeAsync("html", "dir"));
        Assert.Equal("ar", await clerk.GetAttributeAsync("html", "lang"));
        Assert.Contains(Text("Dashboard.Title", "ar", "NP-QA"), await clerk.InnerTextAsync("h1"), StringComparison.Ordinal);
        Assert.Contains(Text("LICENCE_STATE_SUSPENDED", "ar"), await clerk.InnerTextAsync("main"), StringComparison.Ordinal);
        await BrowserPages.AuditAsync(clerk, "ar", "dashboard", found);
        await clerk.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalFixture.Screenshots, "console-dashboard-ar.png"), FullPage = true });

        // The agency appeals the automatic suspension; Nepal's appeals queue shows it, and overturning it restores the licence.
        var registry = (await console.System.Licensing.SearchRegistryAsync(new SearchRegistryRequest { Country = "NP", RegistrationNumber = "DoFE-2026-0042" })).Entries.Single();
        var licenceId = registry.Licences.Single().Id;
        var suspension = (await console.System.Licensing.ListLicenceHistoryAsync(new GetLicenceRequest { LicenceId = licenceId }, console.System.Agency(agencyId)))
            .Decisions.Last(d => d.Kind == DecisionKind.Suspend);
        await console.System.Licensing.FileAppealAsync(
            new FileAppealRequest { DecisionId = suspension.Id, Grounds = "Two of the three fees were refunded before the audit" }, console.System.Agency(agencyId));
        var appeals = await console.SignInAsync("authority", "NP", "Appeals officer (DoFE)");
        await appeals.GotoAsync("/console/appeals");
        var waiting = appeals.Locator("main section.card", new() { HasText = "Everest Manpower Pvt. Ltd." });
        Assert.Contains("Two of the three fees were refunded before the audit", await waiting.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains(Text("Appeals.NoRule"), await appeals.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.DoesNotContain(Text("Appeals.DecideBy"), await waiting.InnerTextAsync(), StringComparison.Ordinal);

        // Nepal sets its rule for deciding appeals, with its law; the appeal then shows the day it is to be decided by.
        var rule = appeals.Locator("details", new() { HasText = Text("Appeals.SetRule") });
        await rule.Locator("summary").ClickAsync();
        await appeals.FillAsync("#rule-days", "35");
        await appeals.FillAsync("#rule-reference", "Foreign Employment Act 2064, appeal provisions (test data)");
        await appeals.FillAsync("#rule-source", "Nepal Law Commission (test data)");
        await appeals.FillAsync("#rule-reason", "The ministry decides appeals within 35 days");
        await BrowserPages.SubmitAsync(appeals, rule.GetByRole(AriaRole.Button, new() { Name = Text("Appeals.SetRuleSubmit") }));
        Assert.Contains(Text("Appeals.RuleSet", "en", 35), await appeals.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Contains(Text("Appeals.DecideBy"), await waiting.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains(today.AddDays(35).ToString("yyyy-MM-dd"), await waiting.InnerTextAsync(), StringComparison.Ordinal);
        await appeals.Locator("details.history summary").ClickAsync();
        Assert.Contains("The ministry decides appeals within 35 days", await appeals.InnerTextAsync("#rule-history >> xpath=.."), StringComparison.Ordinal);
        await BrowserPages.AuditAsync(appeals, "en", "appeals", found);
        await waiting.Locator("textarea").FillAsync("The refunds are documented; the suspension is lifted");
        await waiting.Locator("input[name='Decision.LegalBasis']").FillAsync("Foreign Employment Act 2064, appeal provisions");
        await BrowserPages.SubmitAsync(appeals, waiting.GetByRole(AriaRole.Button, new() { Name = Text("Appeals.Overturn") }));
        Assert.Contains(Text("Appeals.Overturned"), await appeals.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Contains(Text("Appeals.None"), await appeals.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Equal(LicenceState.Active, (await console.System.Licensing.GetLicenceAsync(new GetLicenceRequest { LicenceId = licenceId }, console.System.Authority("NP"))).State);

        // Qatar's auditor records the first refund paid, with its evidence; the agency appeals the second confirmation
        // and the auditor upholds it.
        await auditor.GotoAsync(cases[0]);
        await auditor.FillAsync("#evidence", "Bank transfer 2026-12-0042 to the worker");
        await BrowserPages.SubmitAsync(auditor, auditor.GetByRole(AriaRole.Button, new() { Name = Text("Case.MarkPaidSubmit") }));
        Assert.Contains(Text("Case.RefundPaid"), await auditor.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Contains(Text("REFUND_STATE_PAID"), await auditor.InnerTextAsync("main dl.facts"), StringComparison.Ordinal);
        Assert.Contains("Bank transfer 2026-12-0042", await auditor.InnerTextAsync("main dl.facts"), StringComparison.Ordinal);
        var appealedId = cases[1].Split('/')[^1];
        var appealed = await console.System.Audits.GetCaseAsync(new AuditsApi.GetCaseRequest { CaseId = appealedId }, console.System.Agency(agencyId));
        await console.System.Audits.AppealCaseAsync(new AuditsApi.CaseDecisionRequest
        {
            CaseId = appealedId, ExpectedVersion = appealed.Version, Reason = "The fee was a deposit, returned on arrival", LegalBasis = "Labour Law No. 14 of 2004, Art. 33",
        }, console.System.Agency(agencyId));
        await auditor.GotoAsync(cases[1]);
        await auditor.FillAsync("#appeal-reason", "No record of the deposit being returned");
        await auditor.FillAsync("#appeal-basis", "Qatar Labour Law No. 14 of 2004, Art. 33");
        await BrowserPages.SubmitAsync(auditor, auditor.GetByRole(AriaRole.Button, new() { Name = Text("Appeals.Uphold") }));
        Assert.Contains(Text("Case.AppealUpheld"), await auditor.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Contains(Text("CASE_STATE_APPEAL_UPHELD"), await auditor.InnerTextAsync("main dl.facts"), StringComparison.Ordinal);
        await BrowserPages.AuditAsync(auditor, "en", "case (appeal decided)", found);

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public async Task The_two_authorities_open_a_corridor_search_and_endorse_contracts_and_follow_a_grievance()
    {
        var found = new List<string>();

        // Nepal proposes NP-AE; the Emirates' authority approves it.
        var nepal = await console.SignInAsync("authority", "NP", "Ram Thapa (DoFE)");
        await nepal.FillAsync("#destination", "AE");
        await nepal.FillAsync("#agreement", "NP-AE memorandum (test data)");
        await nepal.CheckAsync("input[name='Propose.Sectors'][value='CONSTRUCTION']");
        await BrowserPages.SubmitAsync(nepal, nepal.GetByRole(AriaRole.Button, new() { Name = Text("Corridors.ProposeSubmit") }));
        Assert.Contains(Text("Corridors.Proposed", "en", "NP-AE"), await nepal.InnerTextAsync("main"), StringComparison.Ordinal);
        await BrowserPages.AuditAsync(nepal, "en", "corridors (authority)", found);

        var emirates = await console.SignInAsync("authority", "AE", "Fatima Al-Mansoori (MoHRE)");
        var decide = emirates.Locator("details", new() { HasText = Text("Corridors.Decide", "en", "NP-AE") });
        await decide.Locator("summary").ClickAsync();
        await decide.Locator("textarea").FillAsync("Memorandum signed by both ministers");
        await decide.Locator("input[name='Decision.LegalBasis']").FillAsync("UAE Federal Decree-Law No. 33 of 2021");
        await BrowserPages.SubmitAsync(emirates, decide.GetByRole(AriaRole.Button, new() { Name = Text("Corridors.Approve") }));
        Assert.Contains(Text("Corridors.Approved", "en", "NP-AE"), await emirates.InnerTextAsync("main"), StringComparison.Ordinal);
        var corridor = (await console.System.Licensing.ListCorridorsAsync(new ListCorridorsRequest(), console.System.Authority("AE"))).Corridors.Single();
        Assert.Equal(CorridorState.Open, corridor.State);

        // A contract of the fixture's agency, found by its reference and (by POST, never in an address) its passport.
        var given = new CorridorScenario(console.System);
        var contract = await given.RegisterAsync(console.Agency, serviceFee: null);
        var qatar = await console.SignInAsync("authority", "QA", "Khalid Al-Marri (MoL)");
        await qatar.GotoAsync("/console/contracts");
        await qatar.FillAsync("#corridor", "NP-QA");
        await qatar.FillAsync("#reference", contract.Reference);
        await BrowserPages.SubmitAsync(qatar, qatar.GetByRole(AriaRole.Button, new() { Name = Text("Contracts.Search") }));
        Assert.Equal([contract.Reference], await qatar.Locator("main table tbody th").AllInnerTextsAsync());
        await qatar.GetByRole(AriaRole.Link, new() { Name = contract.Reference }).ClickAsync();
        Assert.Contains("registered", await qatar.InnerTextAsync("main table"), StringComparison.Ordinal); // version 1's reason
        Assert.DoesNotContain("PA1234567", await qatar.ContentAsync(), StringComparison.Ordinal);
        await BrowserPages.AuditAsync(qatar, "en", "contract", found);
        await qatar.GotoAsync("/console/contracts");
        await qatar.FillAsync("#corridor", "NP-QA");
        await qatar.FillAsync("#passport", "PA1234567");
        var byPassport = await BrowserPages.SubmitAsync(qatar, qatar.GetByRole(AriaRole.Button, new() { Name = Text("Contracts.Search") }));
        Assert.DoesNotContain("PA1234567", byPassport.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("PA1234567", await qatar.ContentAsync(), StringComparison.Ordinal);
        Assert.Contains(contract.Reference, await qatar.InnerTextAsync("main table"), StringComparison.Ordinal);

        // Qatar, the destination, endorses it from the endorsement queue.
        await qatar.GotoAsync($"/console/contracts?corridor=NP-QA&agency={console.Agency.Id}&endorsement=PENDING");
        await BrowserPages.AuditAsync(qatar, "en", "endorsement queue", found);
        var queued = qatar.Locator("form.decision", new() { Has = qatar.Locator($"input[value='{contract.ContractId}']") });
        await queued.Locator("input[name='Endorse.Reason']").FillAsync("Terms match the standard contract");
        await queued.Locator("input[name='Endorse.LegalBasis']").FillAsync("Qatar Labour Law No. 14 of 2004, Art. 38");
        await BrowserPages.SubmitAsync(qatar, queued.GetByRole(AriaRole.Button, new() { Name = Text("Contracts.Endorse") }));
        Assert.Contains(Text("Contracts.Endorsed", "en", contract.Reference), await qatar.InnerTextAsync("main"), StringComparison.Ordinal);
        var endorsed = await console.System.Contracts.GetContractAsync(
            new Contracts.WorkerContracts.V1.GetContractRequest { ContractId = contract.ContractId }, console.System.Authority("QA"));
        Assert.Equal(Contracts.WorkerContracts.V1.EndorsementState.Endorsed, endorsed.Endorsement.State);

        // The worker files a grievance; the console lists it with who acts first and what is due.
        await console.System.Contracts.FileGrievanceAsync(new Contracts.WorkerContracts.V1.FileGrievanceRequest
        {
            Reference = contract.Reference, VerificationCode = contract.VerificationCode,
            Kind = AuditsApi.GrievanceKind.DocumentsRetained, Account = "The employer keeps my passport",
        });
        await Eventually.Until(
            async () =>
            {
                await qatar.GotoAsync("/console/grievances?corridor=NP-QA");
                return await qatar.InnerTextAsync("main");
            },
            text => text.Contains(Text("GRIEVANCE_KIND_DOCUMENTS_RETAINED"), StringComparison.Ordinal), Deadline, "the grievance in the console");
        var row = qatar.Locator("main table tbody tr", new() { HasText = Text("GRIEVANCE_KIND_DOCUMENTS_RETAINED") });
        Assert.Contains(Text("GRIEVANCE_STATE_RECEIVED"), await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains(Text("Grievances.Decision"), await row.InnerTextAsync(), StringComparison.Ordinal);
        await BrowserPages.AuditAsync(qatar, "en", "grievances", found);

        // Qatar acts first on retained documents (ILO forced-labour indicator 7): it takes the grievance into review and
        // resolves it as founded, ordering the passport returned within two weeks and compensation within a month; the
        // list then says what is due first. The passport's return is then recorded with its evidence.
        await row.GetByRole(AriaRole.Link, new() { Name = Text("GRIEVANCE_KIND_DOCUMENTS_RETAINED") }).ClickAsync();
        await qatar.FillAsync("#reason", "The worker's account is specific and the employer was asked to answer");
        await qatar.FillAsync("#basis", "Qatar Law No. 21 of 2015, Art. 8");
        await BrowserPages.SubmitAsync(qatar, qatar.GetByRole(AriaRole.Button, new() { Name = Text("Grievance.Review") }));
        Assert.Contains(Text("Grievance.Reviewing"), await qatar.InnerTextAsync("main"), StringComparison.Ordinal);
        await BrowserPages.AuditAsync(qatar, "en", "grievance", found);
        await qatar.FillAsync("#reason", "The employer admitted keeping the passport");
        await qatar.FillAsync("#basis", "Qatar Law No. 21 of 2015, Art. 8");
        await qatar.CheckAsync("input[name='Decision.Founded']");
        var due = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(14).ToString("yyyy-MM-dd");
        var laterDue = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30).ToString("yyyy-MM-dd");
        var documentRow = qatar.Locator("#orders-caption ~ tbody tr", new() { Has = qatar.Locator("input[value='DOCUMENT_RETURNED']") });
        await documentRow.Locator("input[type=checkbox]").CheckAsync();
        await documentRow.Locator("input[type=date]").FillAsync(due);
        var compensationRow = qatar.Locator("#orders-caption ~ tbody tr", new() { Has = qatar.Locator("input[value='COMPENSATION']") });
        await compensationRow.Locator("input[type=checkbox]").CheckAsync();
        await compensationRow.Locator("input[name$='.Amount']").FillAsync("2000.00");
        await compensationRow.Locator("input[name$='.Currency']").FillAsync("QAR");
        await compensationRow.Locator("input[type=date]").FillAsync(laterDue);
        await BrowserPages.SubmitAsync(qatar, qatar.GetByRole(AriaRole.Button, new() { Name = Text("Grievance.Resolve") }));
        Assert.Contains(Text("Grievance.Resolved"), await qatar.InnerTextAsync("main"), StringComparison.Ordinal);
        var steps = await qatar.InnerTextAsync("#steps-caption >> xpath=..");
        Assert.Contains("Khalid Al-Marri (MoL)", steps, StringComparison.Ordinal);
        Assert.Contains("The employer admitted keeping the passport", steps, StringComparison.Ordinal);
        var grievancePage = qatar.Url;
        await qatar.GotoAsync("/console/grievances?corridor=NP-QA");
        Assert.Contains(Text("Grievances.OutcomeDue", "en", due), await qatar.InnerTextAsync("main table"), StringComparison.Ordinal);
        await qatar.GotoAsync(grievancePage);
        var returned = qatar.Locator("#outcomes-caption ~ tbody tr", new() { HasText = Text("GRIEVANCE_OUTCOME_KIND_DOCUMENT_RETURNED") });
        await returned.Locator("input[name='Decision.Evidence']").FillAsync("Embassy note 2026/114: passport handed back");
        await BrowserPages.SubmitAsync(qatar, returned.GetByRole(AriaRole.Button, new() { Name = Text("Grievance.MarkFulfilled") }));
        Assert.Contains(Text("Grievance.Fulfilled"), await qatar.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Contains(Text("GRIEVANCE_OUTCOME_STATE_FULFILLED"), await returned.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Embassy note 2026/114", await returned.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("2000.00 QAR", await qatar.InnerTextAsync("#outcomes-caption >> xpath=.."), StringComparison.Ordinal);
        await BrowserPages.AuditAsync(qatar, "en", "grievance (resolved)", found);
        await qatar.GotoAsync("/console/grievances?corridor=NP-QA");
        Assert.Contains(Text("Grievances.OutcomeDue", "en", laterDue), await qatar.InnerTextAsync("main table"), StringComparison.Ordinal);

        // A second grievance, dismissed by Qatar; Nepal appeals for the worker, and Qatar overturns the dismissal: the
        // grievance is under review again.
        var wages = await console.System.Contracts.FileGrievanceAsync(new Contracts.WorkerContracts.V1.FileGrievanceRequest
        {
            Reference = contract.Reference, VerificationCode = contract.VerificationCode,
            Kind = AuditsApi.GrievanceKind.WagesWithheld, Account = "No wages for two months",
        });
        await Eventually.Until(
            async () => (await qatar.GotoAsync($"/console/grievances/{wages.GrievanceId}"))!.Status, status => status == 200, Deadline, "the second grievance in FeeAudits");
        await qatar.FillAsync("#reason", "The payroll shows the wages paid");
        await qatar.FillAsync("#basis", "Qatar Labour Law No. 14 of 2004, Art. 66");
        await BrowserPages.SubmitAsync(qatar, qatar.GetByRole(AriaRole.Button, new() { Name = Text("Case.Dismiss") }));
        Assert.Contains(Text("Grievance.Dismissed"), await qatar.InnerTextAsync("main"), StringComparison.Ordinal);
        await nepal.GotoAsync($"/console/grievances/{wages.GrievanceId}");
        await nepal.FillAsync("#grounds", "The payroll was signed by the employer alone; the worker's bank statement shows nothing paid");
        await BrowserPages.SubmitAsync(nepal, nepal.GetByRole(AriaRole.Button, new() { Name = Text("Grievance.Appeal") }));
        Assert.Contains(Text("Grievance.Appealed"), await nepal.InnerTextAsync("main"), StringComparison.Ordinal);
        await BrowserPages.AuditAsync(nepal, "en", "grievance (appealed)", found);
        await qatar.GotoAsync($"/console/grievances/{wages.GrievanceId}");
        await qatar.FillAsync("#appeal-reason", "The bank statement outweighs the payroll");
        await qatar.FillAsync("#appeal-basis", "Qatar Labour Law No. 14 of 2004, Art. 66");
        await BrowserPages.SubmitAsync(qatar, qatar.GetByRole(AriaRole.Button, new() { Name = Text("Appeals.Overturn") }));
        Assert.Contains(Text("Grievance.AppealOverturned"), await qatar.InnerTextAsync("main"), StringComparison.Ordinal);
        var reopened = await console.System.Grievances.GetGrievanceAsync(new AuditsApi.GetGrievanceRequest { GrievanceId = wages.GrievanceId }, console.System.Authority("QA"));
        Assert.Equal(AuditsApi.GrievanceState.UnderReview, reopened.State);

        // Qatar's auditor reads the corridor's fee policies, with their citations, and sets an exchange rate.
        var auditor = await console.SignInAsync("auditor", "QA", "Auditor of Qatar");
        await auditor.GotoAsync("/console/policies?corridor=NP-QA");
        Assert.True(await auditor.Locator("main section.card").CountAsync() > 0, await auditor.InnerTextAsync("main"));
        Assert.Contains("33", await auditor.InnerTextAsync("main"), StringComparison.Ordinal); // Qatar's Labour Law, Art. 33
        await BrowserPages.AuditAsync(auditor, "en", "policies", found);
        // A rule of Qatar's for domestic work, from a day far ahead (so no contract of the other tests falls under it).
        var before = await auditor.Locator("main section.card").CountAsync();
        await auditor.SelectOptionAsync("#jurisdiction", "QA");
        await auditor.SelectOptionAsync("#policy-sector", "DOMESTIC_WORK");
        await auditor.SelectOptionAsync("#kind", "PROHIBITED_CATEGORIES");
        await auditor.FillAsync("#policy-currency", "QAR");
        await auditor.CheckAsync("input[name='Define.Prohibited'][value='MEDICAL']");
        await auditor.FillAsync("#effective-from", "2100-01-01");
        await auditor.FillAsync("#legal-reference", "Qatar Labour Law No. 14 of 2004, Art. 33 (test data)");
        await auditor.FillAsync("#policy-source", "Ministry of Labour circular (test data)");
        await auditor.FillAsync("#policy-reason", "The circular forbids charging domestic workers for the medical examination");
        await BrowserPages.SubmitAsync(auditor, auditor.GetByRole(AriaRole.Button, new() { Name = Text("Policies.DefineSubmit") }));
        Assert.Contains(Text("Policies.Defined"), await auditor.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Equal(before + 1, await auditor.Locator("main section.card").CountAsync());
        Assert.Contains(Text("FEE_CATEGORY_MEDICAL"), await auditor.InnerTextAsync("main section.card:has-text('circular (test data)')"), StringComparison.Ordinal);
        // A cap per kind of fee, the same way: travel at most QAR 500, training at most QAR 250.
        await auditor.SelectOptionAsync("#jurisdiction", "QA");
        await auditor.SelectOptionAsync("#policy-sector", "DOMESTIC_WORK");
        await auditor.SelectOptionAsync("#kind", "CATEGORY_CAPS");
        await auditor.FillAsync("#policy-currency", "QAR");
        await auditor.Locator("#categories-caption ~ tbody tr", new() { HasText = Text("FEE_CATEGORY_TRAVEL") }).Locator("input[name^='Define.CategoryCaps']").FillAsync("500");
        await auditor.Locator("#categories-caption ~ tbody tr", new() { HasText = Text("FEE_CATEGORY_TRAINING") }).Locator("input[name^='Define.CategoryCaps']").FillAsync("250");
        await auditor.FillAsync("#effective-from", "2100-01-01");
        await auditor.FillAsync("#legal-reference", "Ministerial decision on domestic workers' costs (test data)");
        await auditor.FillAsync("#policy-source", "Official gazette (test data)");
        await auditor.FillAsync("#policy-reason", "Travel and training may be charged only up to these amounts");
        await BrowserPages.SubmitAsync(auditor, auditor.GetByRole(AriaRole.Button, new() { Name = Text("Policies.DefineSubmit") }));
        Assert.Contains(Text("Policies.Defined"), await auditor.InnerTextAsync("main"), StringComparison.Ordinal);
        var caps = await auditor.InnerTextAsync("main section.card:has-text('gazette (test data)')");
        Assert.Contains($"{Text("FEE_CATEGORY_TRAVEL")}: 500.00 QAR", caps, StringComparison.Ordinal);
        Assert.Contains($"{Text("FEE_CATEGORY_TRAINING")}: 250.00 QAR", caps, StringComparison.Ordinal);
        var policies = await console.System.Audits.ListPoliciesAsync(
            new AuditsApi.ListPoliciesRequest { OriginCountry = "NP", DestinationCountry = "QA" }, console.System.Auditor("QA"));
        var capped = policies.Policies.Single(p => p.Source == "Official gazette (test data)");
        Assert.Equal(AuditsApi.PolicyKind.CategoryCaps, capped.Kind);
        Assert.Equal(
            ["Training 250.00 QAR", "Travel 500.00 QAR"],
            capped.CategoryCaps.Select(c => $"{c.Category} {c.Cap.Amount} {c.Cap.CurrencyCode}"));
        await auditor.FillAsync("#base", "QAR");
        await auditor.FillAsync("#quote", "NPR");
        await auditor.FillAsync("#value", "36.85");
        await auditor.FillAsync("#on", DateTime.UtcNow.ToString("yyyy-MM-dd"));
        await auditor.FillAsync("#source", "Nepal Rastra Bank reference rate (test data)");
        await BrowserPages.SubmitAsync(auditor, auditor.GetByRole(AriaRole.Button, new() { Name = Text("Policies.RateSubmit") }));
        Assert.Contains("QAR/NPR", await auditor.InnerTextAsync("main p.done"), StringComparison.Ordinal);
        Assert.Contains("36.85", await auditor.InnerTextAsync("main table:has(th:text-is('QAR/NPR'))"), StringComparison.Ordinal);

        // Each policy's history: the one defined here at its version 1 with the auditor's reason; a policy of the
        // reference data says so.
        var capsCard = auditor.Locator("main section.card", new() { HasText = "gazette (test data)" });
        await capsCard.Locator("details.history summary").ClickAsync();
        var capsHistory = await capsCard.Locator("details.history table").InnerTextAsync();
        Assert.Contains("Travel and training may be charged only up to these amounts", capsHistory, StringComparison.Ordinal);
        Assert.Contains("Auditor of Qatar", capsHistory, StringComparison.Ordinal);
        var seeded = auditor.Locator("main section.card", new() { HasText = "accountabilityhub" }).First;
        await seeded.Locator("details.history summary").ClickAsync();
        Assert.Contains(Text("Policies.FromReference"), await seeded.Locator("details.history table").InnerTextAsync(), StringComparison.Ordinal);
        await BrowserPages.AuditAsync(auditor, "en", "policies (histories open)", found);

        // A corridor whose fee rules the registry does not hold yet (Nepal to Kuwait): its contracts' audits cannot decide,
        // and Nepal's auditor finds each in the audit queue with what is missing.
        await given.OpenCorridorAsync(destination: "KW", accreditationRequired: false);
        var gulf = await given.RegisterAgencyAsync(name: "Kathmandu Gulf Placement Pvt. Ltd.", number: "DoFE-KW-1");
        await given.IssueOriginLicenceAsync(gulf, destination: "KW");
        var toKuwait = CorridorScenario.Registration(gulf);
        toKuwait.DestinationCountry = "KW";
        toKuwait.Terms.Employer.Country = "KW";
        toKuwait.Terms.MonthlyBasicWage = new RecruitRegistry.Contracts.Common.V1.Money { CurrencyCode = "KWD", Amount = "120.000" };
        var kuwaitContract = await console.System.Contracts.RegisterContractAsync(toKuwait, console.System.Agency(gulf.Id));
        var nepalAuditor = await console.SignInAsync("auditor", "NP", "Auditor of Nepal");
        var queue = await Eventually.Until(
            async () =>
            {
                await nepalAuditor.GotoAsync("/console/cases?corridor=NP-KW&undetermined=true");
                return await nepalAuditor.InnerTextAsync("main");
            },
            text => text.Contains(kuwaitContract.Reference, StringComparison.Ordinal), Deadline, "the undetermined audit in the queue");
        Assert.Contains("no fee policy", queue, StringComparison.Ordinal);
        await BrowserPages.AuditAsync(nepalAuditor, "en", "undetermined audits", found);

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public async Task An_auditor_of_another_country_sees_nothing_of_the_corridor()
    {
        var stranger = await console.SignInAsync("auditor", "PH", "Auditor of the Philippines");
        foreach (var path in new[]
        {
            "/console/corridors/NP-QA", "/console/cases?corridor=NP-QA&state=OPEN", $"/console/agencies/{console.Agency.Id}",
            "/console/contracts?corridor=NP-QA", "/console/grievances?corridor=NP-QA", "/console/cases?corridor=NP-QA&overdue=true",
            "/console/appeals",
        })
        {
            var response = await stranger.GotoAsync(path);
            Assert.True(response!.Status is 403 or 404, $"{path}: {response.Status}");
            var text = await stranger.InnerTextAsync("main");
            Assert.DoesNotContain(console.Agency.LegalName, text, StringComparison.Ordinal);
            Assert.DoesNotContain("NP-LIC", text, StringComparison.Ordinal);
            Assert.Empty(await stranger.Locator("main table").AllAsync());
        }

        // The console's own corridor list shows only the Philippines' corridors: none here.
        await stranger.GotoAsync("/console");
        Assert.Contains(Text("Corridors.None"), await stranger.InnerTextAsync("main"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_page_is_marked_as_development_carries_a_strict_policy_and_refuses_a_form_without_its_token()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = console.System.Http };
        var anonymous = await http.GetAsync(new Uri("/console/agencies", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        var location = anonymous.Headers.Location!;
        Assert.StartsWith("/console/sign-in", location.IsAbsoluteUri ? location.PathAndQuery : location.ToString(), StringComparison.Ordinal);

        var signIn = await http.GetAsync(new Uri("/console/sign-in", UriKind.Relative));
        var html = await signIn.Content.ReadAsStringAsync();
        Assert.Contains(Text("Site.Development"), WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", signIn.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        var forged = await http.PostAsync(new Uri("/console/sign-in", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["OfficerRole"] = "authority", ["OfficerCountry"] = "NP", ["Name"] = "Forger",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(forged.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("recruit.console=", StringComparison.Ordinal)));

        // The sign-in cookie, as the browser holds it: HttpOnly, SameSite=Lax, Secure, the console's path alone.
        var page = await console.SignInAsync("authority", "NP", "Cookie inspector");
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "recruit.console");
        Assert.True(cookie.HttpOnly);
        Assert.True(cookie.Secure);
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);
        Assert.Equal("/console", cookie.Path);
    }
}
