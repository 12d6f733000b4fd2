using Grpc.Core;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Testing;

namespace RecruitRegistry.Licensing.Tests;

/// <summary>What a worker sees without an account: CheckAuthorization with every reason, and the public registry.</summary>
public sealed class RegistryTests(Servers servers) : LicensingTest(servers)
{
    private Task<CheckAuthorizationReply> CheckAsync(Agency agency, Sector sector = Sector.Construction, string destination = "QA", DateOnly? on = null) =>
        App.Client.CheckAuthorizationAsync(new CheckAuthorizationRequest
        {
            AgencyId = agency.Id,
            OriginCountry = "NP",
            DestinationCountry = destination,
            Sector = sector,
            OnDate = on is null ? null : CorridorScenario.Day(on.Value),
        }, LicensingApp.Anonymous).ResponseAsync;

    [Fact]
    public async Task A_licensed_and_accredited_agency_in_an_open_corridor_may_recruit_and_anyone_may_ask()
    {
        await Given.OpenCorridorAsync();
        var agency = await Given.RegisterAgencyAsync();
        var licence = await Given.IssueOriginLicenceAsync(agency);
        var accreditation = await Given.AccreditAsync(agency);

        var reply = await CheckAsync(agency);
        Assert.True(reply.Authorized, string.Join("; ", reply.Reasons));
        Assert.Contains(reply.Reasons, r => r.Contains(licence.Number, StringComparison.Ordinal));
        Assert.Contains(reply.Reasons, r => r.Contains(accreditation.Number, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_reason_against_is_given()
    {
        var agency = await Given.RegisterAgencyAsync();

        // No corridor, no licence.
        var nothing = await CheckAsync(agency);
        Assert.False(nothing.Authorized);
        Assert.Contains("there is no NP→QA corridor", nothing.Reasons);
        Assert.Contains("no origin licence from NP", nothing.Reasons);

        // Open corridor that requires accreditation; licence suspended; sector not covered.
        var corridor = await Given.OpenCorridorAsync(sectors: [Sector.Construction, Sector.DomesticWork]);
        var licence = await Given.IssueOriginLicenceAsync(agency, sectors: [Sector.Construction]);
        await App.Client.SuspendLicenceAsync(new SuspendLicenceRequest { Decision = CorridorScenario.Decision(licence) }, LicensingApp.Authority("NP"));

        var suspended = await CheckAsync(agency);
        Assert.False(suspended.Authorized);
        Assert.Contains($"origin licence from NP {licence.Number} is SUSPENDED since {CorridorScenario.Today:yyyy-MM-dd}", suspended.Reasons);
        Assert.Contains("no accreditation from QA although the NP→QA corridor requires one", suspended.Reasons);

        var domestic = await CheckAsync(agency, Sector.DomesticWork);
        Assert.Contains(domestic.Reasons, r => r.EndsWith("does not cover DOMESTIC_WORK", StringComparison.Ordinal));

        var fishing = await CheckAsync(agency, Sector.Fishing);
        Assert.Contains("the NP→QA corridor does not cover FISHING", fishing.Reasons);

        // A date after the validity: expired.
        var later = await CheckAsync(agency, on: CorridorScenario.Today.AddYears(4));
        Assert.Contains(later.Reasons, r => r.Contains("EXPIRED on", StringComparison.Ordinal));

        // The corridor suspended.
        await App.Client.SuspendCorridorAsync(new CorridorDecisionRequest { CorridorId = corridor.Id, ExpectedVersion = corridor.Version, Reason = "r", LegalBasis = "l" }, LicensingApp.Authority("QA"));
        Assert.Contains("the NP→QA corridor is SUSPENDED", (await CheckAsync(agency)).Reasons);
    }

    [Fact]
    public async Task A_suspension_in_one_instance_reaches_another_instances_answers_within_seconds()
    {
        await Given.OpenCorridorAsync();
        var agency = await Given.RegisterAgencyAsync();
        var licence = await Given.IssueOriginLicenceAsync(agency);
        await Given.AccreditAsync(agency);
        await using var second = await LicensingApp.StartAsync(Servers, App.ConnectionString);
        var request = new CheckAuthorizationRequest { AgencyId = agency.Id, OriginCountry = "NP", DestinationCountry = "QA", Sector = Sector.Construction };
        Assert.True((await second.Client.CheckAuthorizationAsync(request, LicensingApp.Anonymous)).Authorized);
        Assert.True((await second.Client.CheckAuthorizationAsync(request, LicensingApp.Anonymous)).Authorized); // answered from memory

        await App.Client.SuspendLicenceAsync(new SuspendLicenceRequest { Decision = CorridorScenario.Decision(licence) }, LicensingApp.Authority("NP"));

        // The read model's TTL is 30 s: only the other instance's notification can make this pass in time.
        var after = await Eventually.Until(
            () => second.Client.CheckAuthorizationAsync(request, LicensingApp.Anonymous).ResponseAsync,
            r => !r.Authorized, TimeSpan.FromSeconds(5), "the second instance to see the suspension");
        Assert.Contains(after.Reasons, r => r.Contains("SUSPENDED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_public_registry_finds_names_case_and_accent_insensitively_and_by_licence_number()
    {
        var agency = await Given.RegisterAgencyAsync(name: "Agencia Sánchez & Hijos");
        await Given.RegisterAgencyAsync(name: "Unrelated Manpower");
        var licence = await Given.IssueOriginLicenceAsync(agency);

        foreach (var query in new[] { "sanchez", "SÁNCHEZ", "Sanchez &" })
        {
            var found = await App.Client.SearchRegistryAsync(new SearchRegistryRequest { Name = query }, LicensingApp.Anonymous);
            Assert.Equal([agency.Id], found.Entries.Select(e => e.Agency.Id));
            Assert.Equal(LicenceState.Active, found.Entries[0].Licences.Single().State);
        }

        var byNumber = await App.Client.SearchRegistryAsync(new SearchRegistryRequest { LicenceNumber = licence.Number }, LicensingApp.Anonymous);
        Assert.Equal([agency.Id], byNumber.Entries.Select(e => e.Agency.Id));

        var wildcard = await App.Client.SearchRegistryAsync(new SearchRegistryRequest { Name = "%" }, LicensingApp.Anonymous);
        Assert.Empty(wildcard.Entries);

        // By registration number (how recruitctl's licence import finds an agency): exact, and only with its country.
        var byRegistration = await App.Client.SearchRegistryAsync(
            new SearchRegistryRequest { Country = agency.Country, RegistrationNumber = agency.RegistrationNumber }, LicensingApp.Anonymous);
        Assert.Equal([agency.Id], byRegistration.Entries.Select(e => e.Agency.Id));
        var prefix = await App.Client.SearchRegistryAsync(
            new SearchRegistryRequest { Country = agency.Country, RegistrationNumber = agency.RegistrationNumber[..^1] }, LicensingApp.Anonymous);
        Assert.Empty(prefix.Entries);
        var noCountry = await Assert.ThrowsAsync<RpcException>(() => App.Client.SearchRegistryAsync(
            new SearchRegistryRequest { Name = "sanchez", RegistrationNumber = agency.RegistrationNumber }, LicensingApp.Anonymous).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, noCountry.StatusCode);
        Assert.Contains("country", noCountry.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registry_pages_are_bounded_and_chained_by_token()
    {
        for (var i = 0; i < 5; i++)
        {
            await Given.RegisterAgencyAsync(name: $"Paged Agency {i}");
        }

        var first = await App.Client.SearchRegistryAsync(new SearchRegistryRequest { Name = "paged", Page = new() { PageSize = 3 } }, LicensingApp.Anonymous);
        var second = await App.Client.SearchRegistryAsync(new SearchRegistryRequest { Name = "paged", Page = new() { PageSize = 3, PageToken = first.Page.NextPageToken } }, LicensingApp.Anonymous);
        Assert.Equal(3, first.Entries.Count);
        Assert.Equal(2, second.Entries.Count);
        Assert.Empty(second.Page.NextPageToken);
        Assert.Empty(first.Entries.Select(e => e.Agency.Id).Intersect(second.Entries.Select(e => e.Agency.Id)));

        // At most 100 agencies an anonymous page.
        await App.Client.SearchRegistryAsync(new SearchRegistryRequest { Name = "x", Page = new() { PageSize = 100 } }, LicensingApp.Anonymous);
        var error = await Assert.ThrowsAsync<RpcException>(() => App.Client.SearchRegistryAsync(new SearchRegistryRequest { Name = "x", Page = new() { PageSize = 101 } }, LicensingApp.Anonymous).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("page.page_size", error.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Single().Field);
    }
}
