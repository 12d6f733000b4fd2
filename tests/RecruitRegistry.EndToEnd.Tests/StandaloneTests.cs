using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Testing;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.EndToEnd.Tests;

/// <summary>
/// The corridor through the README's run command: the three services in one process on SQLite files and the in-memory
/// bus. The same statements run there as on PostgreSQL, so this is where SQLite's differences (list parameters above
/// all) show.
/// </summary>
public sealed class StandaloneTests : IAsyncLifetime
{
    private StandaloneSystem system = null!;
    private CorridorScenario given = null!;

    public async Task InitializeAsync()
    {
        system = await StandaloneSystem.StartAsync();
        given = new CorridorScenario(system);
    }

    public async Task DisposeAsync() => await system.DisposeAsync();

    [Fact]
    public async Task On_sqlite_the_registry_lists_licences_searches_find_contracts_with_their_terms_and_audits_arrive()
    {
        await given.OpenCorridorAsync();
        var agency = await given.RegisterAgencyAsync();
        var (origin, accreditation) = await given.LicenseAsync(agency);
        // WorkerContracts authorizes registrations against its replica of Licensing, which the in-memory bus brings
        // a moment after the licences are issued: wait until the corridor's digests agree, as CorridorTests does.
        await system.ConvergedAsync("NP", "QA", TimeSpan.FromSeconds(30));
        var compliant = await given.RegisterAsync(agency, ContractsApi.Sex.F, Sector.DomesticWork, serviceFee: null);
        var overCap = await given.RegisterAsync(agency, ContractsApi.Sex.M, Sector.Construction, serviceFee: "15000.00");

        // The registry page reads its agencies' licences with one list statement.
        var registry = await system.Licensing.SearchRegistryAsync(new SearchRegistryRequest { Country = "NP" }, system.Authority("NP"));
        var entry = Assert.Single(registry.Entries, e => e.Agency.Id == agency.Id);
        Assert.Equal(new[] { accreditation.Id, origin.Id }.Order(), entry.Licences.Select(l => l.Id).Order());

        // A search page reads its contracts' current terms and audits with list statements too.
        var found = await system.Contracts.SearchContractsAsync(
            new ContractsApi.SearchContractsRequest { OriginCountry = "NP", DestinationCountry = "QA", AgencyId = agency.Id }, system.Authority("NP"));
        Assert.Equal(new[] { compliant.ContractId, overCap.ContractId }.Order(), found.Contracts.Select(c => c.ContractId).Order());
        Assert.All(found.Contracts, c => Assert.Equal("QAR", c.Terms.MonthlyBasicWage.CurrencyCode));

        // FeeAudits audits each contract once, and the worker sees the outcome through the shared verification read.
        Assert.Equal(ContractsApi.AuditOutcome.Compliant, (await given.AuditOfAsync(compliant.ContractId)).Outcome);
        Assert.Equal(ContractsApi.AuditOutcome.Violation, (await given.AuditOfAsync(overCap.ContractId)).Outcome);
        var verified = await Eventually.Until(
            () => system.Contracts.VerifyContractAsync(new ContractsApi.VerifyContractRequest { Reference = overCap.Reference, VerificationCode = overCap.VerificationCode }).ResponseAsync,
            v => v.Contract.AuditOutcome == ContractsApi.AuditOutcome.Violation, TimeSpan.FromSeconds(30), "the worker to see the violation");
        Assert.Equal(LicenceState.Active, verified.AgencyLicenceState);

        // Grievances: an attaché files two for the worker, Qatar starts a review, and the corridor lists them a page at a time.
        var grievances = new List<Grievance>();
        foreach (var kind in new[] { GrievanceKind.DocumentsRetained, GrievanceKind.WagesWithheld })
        {
            grievances.Add(await system.Grievances.FileGrievanceAsync(new FileGrievanceRequest
            {
                ContractId = overCap.ContractId, Kind = kind, Account = "Passport kept by the employer", RequestId = Guid.NewGuid().ToString(),
            }, system.Authority("QA")));
        }

        var reviewed = await system.Grievances.ReviewGrievanceAsync(new GrievanceDecisionRequest
        {
            GrievanceId = grievances[0].Id, ExpectedVersion = 1, Reason = "Employer summoned", LegalBasis = "Qatar Labour Law 14/2004",
        }, system.Authority("QA"));
        Assert.Equal((GrievanceState.UnderReview, 2), (reviewed.State, reviewed.Steps.Count));
        var list = new ListGrievancesRequest { OriginCountry = "NP", DestinationCountry = "QA", Page = new() { PageSize = 1 } };
        var first = await system.Grievances.ListGrievancesAsync(list, system.Authority("NP"));
        list.Page.PageToken = first.Page.NextPageToken;
        var second = await system.Grievances.ListGrievancesAsync(list, system.Authority("NP"));
        Assert.Equal([grievances[1].Id, grievances[0].Id], first.Grievances.Concat(second.Grievances).Select(g => g.Id));

        // Qatar dismisses the second; the worker sees it may be appealed, appeals with the code, and FeeAudits records it.
        await system.Grievances.DismissGrievanceAsync(new GrievanceDecisionRequest
        {
            GrievanceId = grievances[1].Id, ExpectedVersion = 1, Reason = "No pay slips offered", LegalBasis = "Qatar Labour Law 14/2004",
        }, system.Authority("QA"));
        var worker = new ContractsApi.ListWorkerGrievancesRequest { Reference = overCap.Reference, VerificationCode = overCap.VerificationCode };
        // The worker's view learns of the grievance and its dismissal from events: absent at first, then appealable.
        await Eventually.Until(async () => (await system.Contracts.ListWorkerGrievancesAsync(worker)).Grievances.SingleOrDefault(g => g.GrievanceId == grievances[1].Id),
            g => g is { Appealable: true }, TimeSpan.FromSeconds(30), "the dismissal shown as appealable");
        await system.Contracts.AppealGrievanceAsync(new ContractsApi.AppealWorkerGrievanceRequest
        {
            Reference = overCap.Reference, VerificationCode = overCap.VerificationCode, GrievanceId = grievances[1].Id, Grounds = "I have the pay slips now",
        });
        var appealed = await Eventually.Until(
            () => system.Grievances.GetGrievanceAsync(new GetGrievanceRequest { GrievanceId = grievances[1].Id }, system.Authority("NP")).ResponseAsync,
            g => g.State == GrievanceState.Appealed, TimeSpan.FromSeconds(30), "the worker's appeal in FeeAudits");
        Assert.Equal("WORKER", appealed.Steps[^1].ActorRole);

        // The corridor report's aggregates run as one GROUP BY per breakdown on SQLite: every value is listed (the
        // counts, all below five, are suppressed).
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var report = await system.Audits.GetCorridorReportAsync(new CorridorReportRequest
        {
            OriginCountry = "NP", DestinationCountry = "QA", From = CorridorScenario.Day(today.AddDays(-1)), To = CorridorScenario.Day(today),
        }, system.Auditor("NP"));
        Assert.Equal([today.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)], report.ContractsRegistered.ByMonth.Select(b => b.Key));
        Assert.Equal(["F", "M"], report.ContractsRegistered.BySex.Select(b => b.Key));
        Assert.All(report.ContractsRegistered.ByAgeBand, b => Assert.Matches("^(18-24|25-34|35-44|45-54|55\\+)$", b.Key));
        Assert.Equal(["NOT_RECORDED"], report.ContractsRegistered.ByDisability.Select(b => b.Key));
        Assert.Equal(["APPEALED", "UNDER_REVIEW"], report.GrievancesFiled.ByState.Select(b => b.Key));
        Assert.True(report.ContractsRegistered.Suppressed);
    }
}
