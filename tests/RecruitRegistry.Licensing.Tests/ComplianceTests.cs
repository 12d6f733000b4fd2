using MassTransit;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.IntegrationEvents;
using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.IntegrationEvents.Licensing;
using RecruitRegistry.Testing;

namespace RecruitRegistry.Licensing.Tests;

/// <summary>The compliance record built from FeeAudits' events, and the automatic suspension at the corridor's threshold.</summary>
public sealed class ComplianceTests(Servers servers) : LicensingTest(servers)
{
    private static FeeViolationChanged Violation(Agency agency, Guid? caseId = null, long version = 1, FeeViolationStatus status = FeeViolationStatus.Confirmed) => new()
    {
        CaseId = caseId ?? Guid.NewGuid(),
        Version = version,
        Status = status,
        AgencyId = Guid.Parse(agency.Id),
        ContractId = Guid.NewGuid(),
        OriginCountry = "NP",
        DestinationCountry = "QA",
        Excess = new EventMoney("NPR", 8000m), // a service charge Qatar's Art. 33 forbids outright
        ConfirmedAt = DateTimeOffset.UtcNow,
        OccurredAt = DateTimeOffset.UtcNow,
    };

    private Task PublishAsync(FeeViolationChanged e, Guid? messageId = null) =>
        App.Bus.Publish(e, c => c.MessageId = messageId ?? Guid.NewGuid());

    private async Task<long> InboxCountAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(App.ConnectionString);
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COUNT(*) FROM inbox WHERE consumer = 'licensing.fee-violation-changed'");
    }

    private Task<ComplianceRecord> RecordAsync(Agency agency) =>
        App.Client.GetComplianceRecordAsync(new GetAgencyRequest { AgencyId = agency.Id }, LicensingApp.Authority("NP")).ResponseAsync;

    private static GrievanceChanged Grievance(Agency agency, string kind, bool founded, Guid? id = null) => new()
    {
        GrievanceId = id ?? Guid.NewGuid(), Version = 3, ContractId = Guid.NewGuid(), AgencyId = Guid.Parse(agency.Id), OriginCountry = "NP",
        DestinationCountry = "QA", Kind = kind, State = "RESOLVED", FiledBy = "WORKER", Founded = founded,
        FiledAt = DateTimeOffset.UtcNow.AddDays(-20), OccurredAt = DateTimeOffset.UtcNow,
    };

    /// <summary>
    /// The corridor names JOB_DECEPTION: a founded grievance of that kind counts beside the confirmed fee cases; one of
    /// another kind, or one not founded, does not; the same event twice counts once.
    /// </summary>
    [Fact]
    public async Task Founded_grievances_of_the_kinds_the_corridor_names_count_towards_the_threshold()
    {
        var proposal = CorridorScenario.Proposal();
        proposal.GrievanceKindsCounted.Add(Contracts.FeeAudits.V1.GrievanceKind.JobDeception);
        var proposed = await App.Client.ProposeCorridorAsync(proposal, LicensingApp.Authority("NP"));
        Assert.Equal([Contracts.FeeAudits.V1.GrievanceKind.JobDeception], proposed.GrievanceKindsCounted);
        await App.Client.ApproveCorridorAsync(new CorridorDecisionRequest
        {
            CorridorId = proposed.Id, ExpectedVersion = proposed.Version, Reason = "Both ministries signed", LegalBasis = "Qatar Labour Law 14/2004",
        }, LicensingApp.Authority("QA"));
        var agency = await Given.RegisterAgencyAsync();
        var licence = await Given.IssueOriginLicenceAsync(agency);

        var deceived = Grievance(agency, "JOB_DECEPTION", founded: true);
        await PublishAsync(Violation(agency));
        await App.Bus.Publish(deceived);
        await App.Bus.Publish(deceived); // a redelivery: counted once
        await App.Bus.Publish(Grievance(agency, "DOCUMENTS_RETAINED", founded: true));
        await App.Bus.Publish(Grievance(agency, "JOB_DECEPTION", founded: false));
        await Eventually.Until(() => RecordAsync(agency), r => r.ConfirmedViolationsInWindow == 2, TimeSpan.FromSeconds(30), "a fee case and a grievance recorded");
        await Task.Delay(1000);
        Assert.Equal(2, (await RecordAsync(agency)).ConfirmedViolationsInWindow);
        Assert.Equal(LicenceState.Active, (await App.Client.GetLicenceAsync(new GetLicenceRequest { LicenceId = licence.Id }, LicensingApp.Authority("NP"))).State);

        var again = Grievance(agency, "JOB_DECEPTION", founded: true);
        await App.Bus.Publish(again);
        await Eventually.Until(
            () => App.Client.GetLicenceAsync(new GetLicenceRequest { LicenceId = licence.Id }, LicensingApp.Authority("NP")).ResponseAsync,
            l => l.State == LicenceState.Suspended, TimeSpan.FromSeconds(30), "the automatic suspension");
        var decision = (await App.Client.ListLicenceHistoryAsync(new GetLicenceRequest { LicenceId = licence.Id }, LicensingApp.Authority("NP"))).Decisions.Last();
        Assert.Contains("3 confirmed violations", decision.Metadata.Reason, StringComparison.Ordinal);
        Assert.Contains(deceived.GrievanceId.ToString(), decision.Metadata.Reason, StringComparison.Ordinal);
        Assert.Contains(again.GrievanceId.ToString(), decision.Metadata.Reason, StringComparison.Ordinal);

        // Anyone checking the agency sees the counts by corridor and kind, and nothing else about them.
        Assert.Equal(["NP-QA FeesCharged 1", "NP-QA JobDeception 2"], await PublicViolationsAsync(agency));

        // The agency appeals the second one: pending, it still counts; overturned (under review anew, no longer founded),
        // it does not, and the system lifts its own suspension.
        await App.Bus.Publish(again with { Version = 4, State = "APPEALED" });
        await App.Bus.Publish(again with { Version = 5, State = "UNDER_REVIEW", Founded = false, Appealed = true });
        await Eventually.Until(
            () => App.Client.GetLicenceAsync(new GetLicenceRequest { LicenceId = licence.Id }, LicensingApp.Authority("NP")).ResponseAsync,
            l => l.State == LicenceState.Active, TimeSpan.FromSeconds(30), "the automatic reinstatement");
        Assert.Equal(2, (await RecordAsync(agency)).ConfirmedViolationsInWindow);
        Assert.Equal(["NP-QA FeesCharged 1", "NP-QA JobDeception 1"], await PublicViolationsAsync(agency));
    }

    private async Task<IReadOnlyList<string>> PublicViolationsAsync(Agency agency)
    {
        var entry = (await App.Client.SearchRegistryAsync(new SearchRegistryRequest { Name = agency.LegalName })).Entries.Single(e => e.Agency.Id == agency.Id);
        return [.. entry.ConfirmedViolations.Select(v => $"{v.OriginCountry}-{v.DestinationCountry} {v.Kind} {v.Count}")];
    }

    [Fact]
    public async Task The_threshold_of_confirmed_violations_suspends_the_origin_licence_automatically_and_appealably()
    {
        await Given.OpenCorridorAsync();
        var agency = await Given.RegisterAgencyAsync();
        var licence = await Given.IssueOriginLicenceAsync(agency);

        await PublishAsync(Violation(agency));
        await PublishAsync(Violation(agency));
        await Eventually.Until(() => RecordAsync(agency), r => r.ConfirmedViolationsInWindow == 2, TimeSpan.FromSeconds(30), "two violations recorded");
        Assert.Equal(LicenceState.Active, (await App.Client.GetLicenceAsync(new GetLicenceRequest { LicenceId = licence.Id }, LicensingApp.Authority("NP"))).State);

        await PublishAsync(Violation(agency));
        var suspended = await Eventually.Until(
            () => App.Client.GetLicenceAsync(new GetLicenceRequest { LicenceId = licence.Id }, LicensingApp.Authority("NP")).ResponseAsync,
            l => l.State == LicenceState.Suspended, TimeSpan.FromSeconds(30), "the automatic suspension");

        var decision = (await App.Client.ListLicenceHistoryAsync(new GetLicenceRequest { LicenceId = licence.Id }, LicensingApp.Authority("NP"))).Decisions.Last();
        Assert.Equal((DecisionKind.Suspend, "system"), (decision.Kind, decision.Metadata.Actor));
        Assert.Contains("3 confirmed violations", decision.Metadata.Reason, StringComparison.Ordinal);
        Assert.NotNull(decision.AppealDeadline);
        await App.Events.WaitAsync<LicenceChanged>(e => e.Any(x => x.Change == LicenceChange.Suspended && x.Version == suspended.Version), "the suspension event");

        var appeal = await App.Client.FileAppealAsync(new FileAppealRequest { DecisionId = decision.Id, Grounds = "Two cases are under appeal at FeeAudits" }, LicensingApp.Agency(Guid.Parse(agency.Id)));
        Assert.Equal(AppealState.Filed, appeal.State);
    }

    [Fact]
    public async Task The_same_violation_arriving_twice_or_out_of_order_is_counted_once()
    {
        await Given.OpenCorridorAsync();
        var agency = await Given.RegisterAgencyAsync();
        var licence = await Given.IssueOriginLicenceAsync(agency);

        var first = Violation(agency);
        var messageId = Guid.NewGuid();
        await PublishAsync(first, messageId);
        await PublishAsync(first, messageId);          // a redelivery: same message
        await PublishAsync(first with { });            // the same case, same version, another message
        var overturned = Violation(agency, Guid.NewGuid(), version: 2, status: FeeViolationStatus.OverturnedOnAppeal);
        await PublishAsync(overturned);
        await PublishAsync(overturned with { Version = 1, Status = FeeViolationStatus.Confirmed }); // older, arrives late

        // Four distinct messages (the redelivery shares its id): wait until the inbox has taken every one.
        await Eventually.Until(InboxCountAsync, n => n == 4, TimeSpan.FromSeconds(30), "four messages handled");
        var record = await RecordAsync(agency);
        Assert.Equal(1, record.ConfirmedViolationsInWindow);
        Assert.Equal([first.CaseId.ToString()], record.CaseIds);

        await PublishAsync(Violation(agency));
        await Eventually.Until(InboxCountAsync, n => n == 5, TimeSpan.FromSeconds(30), "the fresh violation handled");
        Assert.Equal(2, (await RecordAsync(agency)).ConfirmedViolationsInWindow);
        Assert.Equal(LicenceState.Active, (await App.Client.GetLicenceAsync(new GetLicenceRequest { LicenceId = licence.Id }, LicensingApp.Authority("NP"))).State);
    }

    private Task<Licence> LicenceAsync(Licence licence) =>
        App.Client.GetLicenceAsync(new GetLicenceRequest { LicenceId = licence.Id }, LicensingApp.Authority("NP")).ResponseAsync;

    [Fact]
    public async Task An_overturn_below_the_threshold_lifts_the_automatic_suspension_once_and_never_an_authoritys()
    {
        await Given.OpenCorridorAsync();
        var agency = await Given.RegisterAgencyAsync();
        var licence = await Given.IssueOriginLicenceAsync(agency);
        // Three confirmations at once, consumed side by side: they are counted one at a time, so the third suspends.
        var violations = new[] { Violation(agency), Violation(agency), Violation(agency) };
        foreach (var v in violations)
        {
            await PublishAsync(v);
        }

        await Eventually.Until(() => LicenceAsync(licence), l => l.State == LicenceState.Suspended, TimeSpan.FromSeconds(30), "the automatic suspension");

        var overturned = violations[1] with { Version = 2, Status = FeeViolationStatus.OverturnedOnAppeal };
        await PublishAsync(overturned);
        await PublishAsync(overturned); // the same overturn again: one reinstatement
        var reinstated = await Eventually.Until(() => LicenceAsync(licence), l => l.State == LicenceState.Active, TimeSpan.FromSeconds(30), "the automatic reinstatement");
        await Eventually.Until(InboxCountAsync, n => n == 5, TimeSpan.FromSeconds(30), "every message handled");

        var history = (await App.Client.ListLicenceHistoryAsync(new GetLicenceRequest { LicenceId = licence.Id }, LicensingApp.Authority("NP"))).Decisions;
        Assert.Equal([DecisionKind.Issue, DecisionKind.Suspend, DecisionKind.Reinstate], history.Select(d => d.Kind));
        Assert.Equal("system", history[2].Metadata.Actor);
        Assert.Contains($"case {violations[1].CaseId} overturned on appeal; 2 confirmed", history[2].Metadata.Reason, StringComparison.Ordinal);
        Assert.Equal(2, (await RecordAsync(agency)).ConfirmedViolationsInWindow);
        await App.Events.WaitAsync<LicenceChanged>(e => e.Any(x => x.Change == LicenceChange.Reinstated && x.Version == reinstated.Version), "the reinstatement event");

        // A third confirmation suspends again; the authority then suspends too (its own decision stands last), and a
        // later overturn leaves the authority's suspension in place.
        var third = Violation(agency);
        await PublishAsync(third);
        var again = await Eventually.Until(() => LicenceAsync(licence), l => l.State == LicenceState.Suspended, TimeSpan.FromSeconds(30), "the second automatic suspension");
        var byNepal = await App.Client.ReinstateLicenceAsync(CorridorScenario.Decision(again, "Refunds paid to every worker"), LicensingApp.Authority("NP"));
        byNepal = await App.Client.SuspendLicenceAsync(new SuspendLicenceRequest { Decision = CorridorScenario.Decision(byNepal, "Inspection found unreceipted fees") }, LicensingApp.Authority("NP"));
        await PublishAsync(third with { Version = 2, Status = FeeViolationStatus.OverturnedOnAppeal });
        await Eventually.Until(InboxCountAsync, n => n == 7, TimeSpan.FromSeconds(30), "the second overturn handled");
        var after = await LicenceAsync(licence);
        Assert.Equal((LicenceState.Suspended, byNepal.Version), (after.State, after.Version));
    }
}
