using Grpc.Core;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.IntegrationEvents.Licensing;
using RecruitRegistry.Testing;

namespace RecruitRegistry.Licensing.Tests;

public sealed class CorridorTests(Servers servers) : LicensingTest(servers)
{
    [Fact]
    public async Task A_corridor_opens_only_when_the_other_authority_approves()
    {
        var proposed = await App.Client.ProposeCorridorAsync(CorridorScenario.Proposal(), LicensingApp.Authority("NP"));
        Assert.Equal(CorridorState.Proposed, proposed.State);
        Assert.Equal(18, proposed.MinimumWorkerAge);
        Assert.Equal(3, proposed.SuspensionThreshold);
        Assert.Equal(12, proposed.SuspensionWindowMonths);
        Assert.Equal((36, "RecruitRegistry default (no corridor rule recorded)"), (proposed.GrievanceWindowMonths, proposed.GrievanceWindowLegalBasis));

        var approve = new CorridorDecisionRequest { CorridorId = proposed.Id, ExpectedVersion = 1, Reason = "Agreed", LegalBasis = "MoU" };
        var self = await Assert.ThrowsAsync<RpcException>(() => App.Client.ApproveCorridorAsync(approve, LicensingApp.Authority("NP")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, self.StatusCode);
        var stranger = await Assert.ThrowsAsync<RpcException>(() => App.Client.ApproveCorridorAsync(approve, LicensingApp.Authority("PH")).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, stranger.StatusCode); // not its corridor: as if there were none

        var open = await App.Client.ApproveCorridorAsync(approve, LicensingApp.Authority("QA"));
        Assert.Equal((CorridorState.Open, 2L), (open.State, open.Version));

        var events = await App.Events.WaitAsync<CorridorChanged>(e => e.Count == 2, "two corridor events");
        Assert.Equal([(CorridorChange.Proposed, 1L), (CorridorChange.Opened, 2L)], events.OrderBy(e => e.Version).Select(e => (e.Change, e.Version)));
        Assert.Equal("OPEN", events.Single(e => e.Version == 2).Corridor.State);
    }

    [Fact]
    public async Task Either_side_suspends_or_closes_with_a_reason_and_illegal_moves_name_the_state()
    {
        var open = await new CorridorScenario(App).OpenCorridorAsync();
        var suspended = await App.Client.SuspendCorridorAsync(
            new CorridorDecisionRequest { CorridorId = open.Id, ExpectedVersion = open.Version, Reason = "Heat-stress deaths under inquiry", LegalBasis = "MoU art. 9" },
            LicensingApp.Authority("QA"));
        Assert.Equal(CorridorState.Suspended, suspended.State);

        var again = await Assert.ThrowsAsync<RpcException>(() => App.Client.SuspendCorridorAsync(
            new CorridorDecisionRequest { CorridorId = open.Id, ExpectedVersion = suspended.Version, Reason = "x", LegalBasis = "y" },
            LicensingApp.Authority("NP")).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.Contains("SUSPENDED", again.Status.Detail, StringComparison.Ordinal);

        var stale = await Assert.ThrowsAsync<RpcException>(() => App.Client.CloseCorridorAsync(
            new CorridorDecisionRequest { CorridorId = open.Id, ExpectedVersion = open.Version, Reason = "x", LegalBasis = "y" },
            LicensingApp.Authority("NP")).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);

        var closed = await App.Client.CloseCorridorAsync(
            new CorridorDecisionRequest { CorridorId = open.Id, ExpectedVersion = suspended.Version, Reason = "Agreement lapsed", LegalBasis = "MoU art. 12" },
            LicensingApp.Authority("NP"));
        Assert.Equal(CorridorState.Closed, closed.State);
    }

    [Fact]
    public async Task A_second_proposal_for_the_same_corridor_already_exists_and_unknown_ids_are_not_found()
    {
        await App.Client.ProposeCorridorAsync(CorridorScenario.Proposal(), LicensingApp.Authority("NP"));
        var duplicate = await Assert.ThrowsAsync<RpcException>(() => App.Client.ProposeCorridorAsync(CorridorScenario.Proposal(), LicensingApp.Authority("QA")).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, duplicate.StatusCode);

        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            App.Client.GetCorridorAsync(new GetCorridorRequest { CorridorId = Guid.NewGuid().ToString() }, LicensingApp.Authority("NP")).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Authorities_and_auditors_of_a_party_read_a_corridor_and_list_their_own()
    {
        var open = await new CorridorScenario(App).OpenCorridorAsync();
        await App.Client.ProposeCorridorAsync(CorridorScenario.Proposal("PH", "SA"), LicensingApp.Authority("PH"));

        Assert.Equal(open.Id, (await App.Client.GetCorridorAsync(new GetCorridorRequest { CorridorId = open.Id }, LicensingApp.Auditor("QA"))).Id);
        var denied = await Assert.ThrowsAsync<RpcException>(() =>
            App.Client.GetCorridorAsync(new GetCorridorRequest { CorridorId = open.Id }, LicensingApp.Auditor("PH")).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, denied.StatusCode); // not its corridor: as if there were none

        var nepal = await App.Client.ListCorridorsAsync(new ListCorridorsRequest(), LicensingApp.Authority("NP"));
        Assert.Equal(["NP→QA"], nepal.Corridors.Select(c => $"{c.OriginCountry}→{c.DestinationCountry}"));

        // Narrowed to one counterpart; a bad code is named.
        await App.Client.ProposeCorridorAsync(CorridorScenario.Proposal("NP", "MY"), LicensingApp.Authority("NP"));
        var withQatar = await App.Client.ListCorridorsAsync(new ListCorridorsRequest { CounterpartCountry = "QA" }, LicensingApp.Authority("NP"));
        Assert.Equal(["NP→QA"], withQatar.Corridors.Select(c => $"{c.OriginCountry}→{c.DestinationCountry}"));
        var withSaudi = await App.Client.ListCorridorsAsync(new ListCorridorsRequest { CounterpartCountry = "SA" }, LicensingApp.Auditor("PH"));
        Assert.Equal(["PH→SA"], withSaudi.Corridors.Select(c => $"{c.OriginCountry}→{c.DestinationCountry}"));
        var bad = await Assert.ThrowsAsync<RpcException>(() => App.Client.ListCorridorsAsync(new ListCorridorsRequest { CounterpartCountry = "Qatar" }, LicensingApp.Authority("NP")).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
    }
}
