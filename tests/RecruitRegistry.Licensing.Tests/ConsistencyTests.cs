using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.IntegrationEvents.Licensing;
using RecruitRegistry.Testing;

namespace RecruitRegistry.Licensing.Tests;

/// <summary>The corridor digest tracks every (id, version) in the corridor's scope; republishing sends the current state again.</summary>
public sealed class ConsistencyTests(Servers servers) : LicensingTest(servers)
{
    private Task<CorridorDigest> DigestAsync() => App.Client.GetCorridorDigestAsync(
        new GetCorridorDigestRequest { OriginCountry = "NP", DestinationCountry = "QA" }, LicensingApp.Auditor("QA")).ResponseAsync;

    [Fact]
    public async Task The_digest_changes_with_every_change_in_scope_and_republishing_sends_the_current_state()
    {
        await Given.OpenCorridorAsync();
        var agency = await Given.RegisterAgencyAsync();
        var before = await DigestAsync();
        Assert.Equal(2, before.ItemCount);
        Assert.Equal(before.Sha256, (await DigestAsync()).Sha256);

        var licence = await Given.IssueOriginLicenceAsync(agency);
        var withLicence = await DigestAsync();
        Assert.Equal(3, withLicence.ItemCount);
        Assert.NotEqual(before.Sha256, withLicence.Sha256);

        await Given.RegisterAgencyAsync(country: "PH", name: "Out of scope");
        Assert.Equal(withLicence.Sha256, (await DigestAsync()).Sha256);

        var reply = await App.Client.RepublishCorridorAsync(new RepublishCorridorRequest { OriginCountry = "NP", DestinationCountry = "QA" }, LicensingApp.Authority("NP"));
        Assert.Equal(3, reply.EventsQueued);
        var republished = await App.Events.WaitAsync<LicenceChanged>(e => e.Any(x => x.Change == LicenceChange.Republished), "the republished licence");
        Assert.Equal(licence.Version, republished.Single(x => x.Change == LicenceChange.Republished).Version);
        await App.Events.WaitAsync<AgencyChanged>(e => e.Any(x => x.Change == AgencyChange.Republished), "the republished agency");
        await App.Events.WaitAsync<CorridorChanged>(e => e.Any(x => x.Change == CorridorChange.Republished), "the republished corridor");
    }
}
