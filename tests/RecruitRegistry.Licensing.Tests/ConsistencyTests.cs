using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.IntegrationEvents.Licensing;
using RecruitRegistry.Testing;

namespace RecruitRegistry.Licensing.Tests;

/// <summary>The corridor digest tracks every (id, version) in the corridor's scope; republishing sends the current state again.</summary>
[Collection(ServersCollection.Name)]
public sealed class ConsistencyTests(Servers servers) : IAsyncLifetime
{
    private LicensingApp app = null!;

    public async Task InitializeAsync() => app = await LicensingApp.StartAsync(servers);

    public async Task DisposeAsync() => await app.DisposeAsync();

    private Task<CorridorDigest> DigestAsync() => app.Client.GetCorridorDigestAsync(
        new GetCorridorDigestRequest { OriginCountry = "NP", DestinationCountry = "QA" }, LicensingApp.Auditor("QA")).ResponseAsync;

    [Fact]
    public async Task The_digest_changes_with_every_change_in_scope_and_republishing_sends_the_current_state()
    {
        var given = new Scenario(app);
        await given.OpenCorridorAsync();
        var agency = await given.RegisterAgencyAsync();
        var before = await DigestAsync();
        Assert.Equal(2, before.ItemCount);
        Assert.Equal(before.Sha256, (await DigestAsync()).Sha256);

        var licence = await given.IssueOriginLicenceAsync(agency);
        var withLicence = await DigestAsync();
        Assert.Equal(3, withLicence.ItemCount);
        Assert.NotEqual(before.Sha256, withLicence.Sha256);

        await given.RegisterAgencyAsync(country: "PH", name: "Out of scope");
        Assert.Equal(withLicence.Sha256, (await DigestAsync()).Sha256);

        var reply = await app.Client.RepublishCorridorAsync(new RepublishCorridorRequest { OriginCountry = "NP", DestinationCountry = "QA" }, LicensingApp.Authority("NP"));
        Assert.Equal(3, reply.EventsQueued);
        var republished = await app.Events.WaitAsync<LicenceChanged>(e => e.Any(x => x.Change == LicenceChange.Republished), "the republished licence");
        Assert.Equal(licence.Version, republished.Single(x => x.Change == LicenceChange.Republished).Version);
        await app.Events.WaitAsync<AgencyChanged>(e => e.Any(x => x.Change == AgencyChange.Republished), "the republished agency");
        await app.Events.WaitAsync<CorridorChanged>(e => e.Any(x => x.Change == CorridorChange.Republished), "the republished corridor");
    }
}
