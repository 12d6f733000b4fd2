using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.IntegrationEvents.Licensing;
using RecruitRegistry.Licensing.Licences;
using RecruitRegistry.Testing;

namespace RecruitRegistry.Licensing.Tests;

public sealed class LicenceLifecycleTests(Servers servers) : LicensingTest(servers)
{
    private static readonly CallOptions Nepal = LicensingApp.Authority("NP");

    [Fact]
    public async Task The_full_state_machine_records_every_decision_with_reason_legal_basis_and_actor()
    {
        var agency = await Given.RegisterAgencyAsync();
        var issued = await Given.IssueOriginLicenceAsync(agency);
        Assert.Equal((LicenceState.Active, 1L), (issued.State, issued.Version));

        var suspended = await App.Client.SuspendLicenceAsync(new SuspendLicenceRequest { Decision = CorridorScenario.Decision(issued) }, Nepal);
        var reinstated = await App.Client.ReinstateLicenceAsync(CorridorScenario.Decision(suspended, "Refunds paid"), Nepal);
        var renewed = await App.Client.RenewLicenceAsync(new RenewLicenceRequest
        {
            Decision = CorridorScenario.Decision(reinstated, "Renewal application complete"),
            ValidUntil = CorridorScenario.Day(CorridorScenario.Today.AddYears(4)),
        }, Nepal);
        var amended = await App.Client.AmendLicenceAsync(new AmendLicenceRequest
        {
            Decision = CorridorScenario.Decision(renewed, "Malaysia added"),
            DestinationCountries = { "QA", "MY" },
            Sectors = { Sector.Construction },
            SecurityBond = new Contracts.Common.V1.Money { CurrencyCode = "NPR", Amount = "10000000.00" },
        }, Nepal);
        var revoked = await App.Client.RevokeLicenceAsync(CorridorScenario.Decision(amended, "Forged demand letters"), Nepal);

        Assert.Equal(
            [LicenceState.Suspended, LicenceState.Active, LicenceState.Active, LicenceState.Active, LicenceState.Revoked],
            new[] { suspended, reinstated, renewed, amended, revoked }.Select(l => l.State));
        Assert.Equal(6, revoked.Version);
        Assert.Equal(["QA", "MY"], amended.DestinationCountries);

        var history = await App.Client.ListLicenceHistoryAsync(new GetLicenceRequest { LicenceId = issued.Id }, Nepal);
        Assert.Equal(
            [DecisionKind.Issue, DecisionKind.Suspend, DecisionKind.Reinstate, DecisionKind.Renew, DecisionKind.Amend, DecisionKind.Revoke],
            history.Decisions.Select(d => d.Kind));
        Assert.All(history.Decisions, d =>
        {
            Assert.Equal("authority:NP", d.Metadata.Actor);
            Assert.Equal("NP", d.Metadata.AuthorityCountry);
            Assert.NotEmpty(d.Metadata.Reason);
            Assert.NotEmpty(d.Metadata.LegalBasis);
        });
        Assert.NotNull(history.Decisions.Single(d => d.Kind == DecisionKind.Suspend).AppealDeadline);
        Assert.Null(history.Decisions.Single(d => d.Kind == DecisionKind.Issue).AppealDeadline);

        var events = await App.Events.WaitAsync<LicenceChanged>(e => e.Count == 6, "six licence events");
        Assert.Equal(
            [LicenceChange.Issued, LicenceChange.Suspended, LicenceChange.Reinstated, LicenceChange.Renewed, LicenceChange.Amended, LicenceChange.Revoked],
            events.OrderBy(e => e.Version).Select(e => e.Change));
        Assert.Equal("REVOKED", events.MaxBy(e => e.Version)!.Licence.State);
        var registered = await App.Events.WaitAsync<AgencyChanged>(e => e.Any(x => x.AgencyId.ToString() == agency.Id), "the agency event");
        Assert.Equal((AgencyChange.Registered, 1L, "NP"), (registered[0].Change, registered[0].Version, registered[0].Agency.Country));
    }

    [Theory]
    [InlineData("reinstate-active", "ACTIVE")]
    [InlineData("renew-revoked", "REVOKED")]
    [InlineData("suspend-revoked", "REVOKED")]
    [InlineData("renew-suspended", "SUSPENDED")]
    public async Task Illegal_transitions_fail_with_failed_precondition_naming_the_current_state(string move, string state)
    {
        var agency = await Given.RegisterAgencyAsync();
        var licence = await Given.IssueOriginLicenceAsync(agency);
        if (state == "REVOKED")
        {
            licence = await App.Client.RevokeLicenceAsync(CorridorScenario.Decision(licence), Nepal);
        }
        else if (state == "SUSPENDED")
        {
            licence = await App.Client.SuspendLicenceAsync(new SuspendLicenceRequest { Decision = CorridorScenario.Decision(licence) }, Nepal);
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => (move switch
        {
            "reinstate-active" => App.Client.ReinstateLicenceAsync(CorridorScenario.Decision(licence), Nepal),
            "suspend-revoked" => App.Client.SuspendLicenceAsync(new SuspendLicenceRequest { Decision = CorridorScenario.Decision(licence) }, Nepal),
            _ => App.Client.RenewLicenceAsync(new RenewLicenceRequest { Decision = CorridorScenario.Decision(licence), ValidUntil = CorridorScenario.Day(CorridorScenario.Today.AddYears(5)) }, Nepal),
        }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains(state, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_with_a_stale_version_is_aborted_and_changes_nothing()
    {
        var agency = await Given.RegisterAgencyAsync();
        var licence = await Given.IssueOriginLicenceAsync(agency);
        await App.Client.SuspendLicenceAsync(new SuspendLicenceRequest { Decision = CorridorScenario.Decision(licence) }, Nepal);

        var error = await Assert.ThrowsAsync<RpcException>(() => App.Client.RevokeLicenceAsync(CorridorScenario.Decision(licence), Nepal).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, error.StatusCode);
        Assert.Equal(LicenceState.Suspended, (await App.Client.GetLicenceAsync(new GetLicenceRequest { LicenceId = licence.Id }, Nepal)).State);
    }

    [Fact]
    public async Task An_overturned_appeal_restores_the_licence_and_an_upheld_one_leaves_it()
    {
        var agency = await Given.RegisterAgencyAsync();
        var licence = await Given.IssueOriginLicenceAsync(agency);
        var own = LicensingApp.Agency(Guid.Parse(agency.Id));
        var suspended = await App.Client.SuspendLicenceAsync(new SuspendLicenceRequest { Decision = CorridorScenario.Decision(licence) }, Nepal);
        var history = await App.Client.ListLicenceHistoryAsync(new GetLicenceRequest { LicenceId = licence.Id }, own);
        var suspension = history.Decisions.Single(d => d.Kind == DecisionKind.Suspend);

        var notAdverse = await Assert.ThrowsAsync<RpcException>(() => App.Client.FileAppealAsync(
            new FileAppealRequest { DecisionId = history.Decisions[0].Id, Grounds = "x" }, own).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, notAdverse.StatusCode);
        var otherAgency = await Given.RegisterAgencyAsync(name: "Another Agency");
        var foreign = await Assert.ThrowsAsync<RpcException>(() => App.Client.FileAppealAsync(
            new FileAppealRequest { DecisionId = suspension.Id, Grounds = "x" }, LicensingApp.Agency(Guid.Parse(otherAgency.Id))).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, foreign.StatusCode); // another agency's decision: as if there were none

        var appeal = await App.Client.FileAppealAsync(new FileAppealRequest { DecisionId = suspension.Id, Grounds = "The receipts were issued; the inspector missed them" }, own);
        var twice = await Assert.ThrowsAsync<RpcException>(() => App.Client.FileAppealAsync(new FileAppealRequest { DecisionId = suspension.Id, Grounds = "again" }, own).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, twice.StatusCode);

        // The appeals queue: Nepal's, whose licence it is, and the agency's own; nothing for Qatar or another agency.
        var queue = (await App.Client.ListAppealsAsync(new ListAppealsRequest { State = AppealState.Filed }, Nepal)).Appeals.Single(q => q.Appeal.Id == appeal.Id);
        Assert.Equal((agency.Id, agency.LegalName, licence.Number, DecisionKind.Suspend), (queue.AgencyId, queue.AgencyName, queue.LicenceNumber, queue.DecisionKind));
        Assert.Equal(suspension.Metadata.Reason, queue.Decision.Reason);
        Assert.Equal("The receipts were issued; the inspector missed them", queue.Appeal.Grounds);
        Assert.NotNull(queue.Appeal.FiledAt);
        Assert.Equal([appeal.Id], (await App.Client.ListAppealsAsync(new ListAppealsRequest(), own)).Appeals.Select(q => q.Appeal.Id));
        Assert.Empty((await App.Client.ListAppealsAsync(new ListAppealsRequest(), LicensingApp.Authority("QA"))).Appeals);
        Assert.Empty((await App.Client.ListAppealsAsync(new ListAppealsRequest(), LicensingApp.Agency(Guid.Parse(otherAgency.Id)))).Appeals);
        var nosy = await Assert.ThrowsAsync<RpcException>(() => App.Client.ListAppealsAsync(
            new ListAppealsRequest { AgencyId = agency.Id }, LicensingApp.Agency(Guid.Parse(otherAgency.Id))).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, nosy.StatusCode);
        Assert.Empty((await App.Client.ListAppealsAsync(new ListAppealsRequest { State = AppealState.Overturned }, Nepal)).Appeals);

        // Without an appeal rule of Nepal's the queue names no day to decide by; with one, the filing day plus its days.
        Assert.Null(queue.DecideBy);
        var rule = await App.Client.SetAppealRuleAsync(new SetAppealRuleRequest
        {
            DecisionDays = 35, LegalReference = "Appeal provisions (test data)", Source = "Test gazette", Reason = "The ministry's rule",
        }, Nepal);
        Assert.Equal(("NP", 35, 1L, "authority:NP"), (rule.Country, rule.DecisionDays, rule.Version, rule.SetBy));
        queue = (await App.Client.ListAppealsAsync(new ListAppealsRequest { State = AppealState.Filed }, Nepal)).Appeals.Single(q => q.Appeal.Id == appeal.Id);
        Assert.Equal(CorridorScenario.Day(DateOnly.FromDateTime(queue.Appeal.FiledAt.ToDateTime()).AddDays(35)), queue.DecideBy);
        Assert.Equal("Appeal provisions (test data)", queue.DecideByLegalReference);
        Assert.Equal(35, (await App.Client.GetAppealRuleAsync(new GetAppealRuleRequest { Country = "NP" }, own)).DecisionDays);

        // A rule is changed from the version read; a stale version, a day count out of range, another country's auditor:
        // refused, the rule unchanged. A country without a rule has none to read.
        var stale = await Assert.ThrowsAsync<RpcException>(() => App.Client.SetAppealRuleAsync(new SetAppealRuleRequest
        {
            DecisionDays = 10, LegalReference = "l", Source = "s", Reason = "r", ExpectedVersion = 0,
        }, Nepal).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        var outOfRange = await Assert.ThrowsAsync<RpcException>(() => App.Client.SetAppealRuleAsync(new SetAppealRuleRequest
        {
            DecisionDays = 366, LegalReference = "l", Source = "s", Reason = "r", ExpectedVersion = 1,
        }, Nepal).ResponseAsync);
        Assert.Equal("decision_days", outOfRange.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Single().Field);
        var auditor = await Assert.ThrowsAsync<RpcException>(() => App.Client.SetAppealRuleAsync(new SetAppealRuleRequest
        {
            DecisionDays = 10, LegalReference = "l", Source = "s", Reason = "r", ExpectedVersion = 1,
        }, LicensingApp.Auditor("NP")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, auditor.StatusCode);
        Assert.Equal((35, 1L), ((await App.Client.GetAppealRuleAsync(new GetAppealRuleRequest { Country = "NP" }, Nepal)).DecisionDays, rule.Version));
        var changed = await App.Client.SetAppealRuleAsync(new SetAppealRuleRequest
        {
            DecisionDays = 30, LegalReference = "Appeal provisions, amended (test data)", Source = "Test gazette", Reason = "The amendment shortened it", ExpectedVersion = 1,
        }, Nepal);
        var ruleHistory = await App.Client.ListAppealRuleHistoryAsync(new GetAppealRuleRequest { Country = "NP" }, LicensingApp.Auditor("QA"));
        Assert.Equal(
            [(1L, 35, "The ministry's rule"), (2L, 30, "The amendment shortened it")],
            ruleHistory.Changes.Select(c => (c.Rule.Version, c.Rule.DecisionDays, c.Reason)));
        Assert.Equal(2, changed.Version);
        var none = await Assert.ThrowsAsync<RpcException>(() => App.Client.GetAppealRuleAsync(new GetAppealRuleRequest { Country = "QA" }, Nepal).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, none.StatusCode);

        var decided = await App.Client.DecideAppealAsync(new DecideAppealRequest
        {
            AppealId = appeal.Id, Outcome = AppealState.Overturned, Reason = "Receipts verified", LegalBasis = "Foreign Employment Act 2064, appeal provisions",
        }, Nepal);
        Assert.Equal(AppealState.Overturned, decided.State);
        Assert.Equal("Receipts verified", decided.Outcome.Reason);
        var restored = await App.Client.GetLicenceAsync(new GetLicenceRequest { LicenceId = licence.Id }, Nepal);
        Assert.Equal((LicenceState.Active, suspended.Version + 1), (restored.State, restored.Version));

        // A second suspension, appealed and upheld, stays.
        var again = await App.Client.SuspendLicenceAsync(new SuspendLicenceRequest { Decision = CorridorScenario.Decision(restored) }, Nepal);
        var second = (await App.Client.ListLicenceHistoryAsync(new GetLicenceRequest { LicenceId = licence.Id }, own)).Decisions.Last(d => d.Kind == DecisionKind.Suspend);
        var appeal2 = await App.Client.FileAppealAsync(new FileAppealRequest { DecisionId = second.Id, Grounds = "Disproportionate" }, own);
        var upheld = await App.Client.DecideAppealAsync(new DecideAppealRequest { AppealId = appeal2.Id, Outcome = AppealState.Upheld, Reason = "Proportionate", LegalBasis = "s.24" }, Nepal);
        Assert.Equal(AppealState.Upheld, upheld.State);
        Assert.Equal(LicenceState.Suspended, (await App.Client.GetLicenceAsync(new GetLicenceRequest { LicenceId = licence.Id }, Nepal)).State);
        Assert.Equal(again.Version, (await App.Client.GetLicenceAsync(new GetLicenceRequest { LicenceId = licence.Id }, Nepal)).Version);

        var kinds = (await App.Client.ListLicenceHistoryAsync(new GetLicenceRequest { LicenceId = licence.Id }, Nepal)).Decisions.Select(d => d.Kind).ToList();
        Assert.Equal(
            [DecisionKind.Issue, DecisionKind.Suspend, DecisionKind.AppealFiled, DecisionKind.AppealOverturned, DecisionKind.Suspend, DecisionKind.AppealFiled, DecisionKind.AppealUpheld],
            kinds);
    }

    [Fact]
    public async Task A_licence_past_its_validity_reads_as_expired_and_the_sweep_records_it_once()
    {
        var agency = await Given.RegisterAgencyAsync();
        var request = CorridorScenario.OriginLicence(agency, from: CorridorScenario.Today.AddYears(-3), until: CorridorScenario.Today.AddDays(-1));
        var licence = await App.Client.IssueLicenceAsync(request, Nepal);
        Assert.Equal(LicenceState.Expired, licence.State);

        var sweep = App.Services.GetRequiredService<LicenceSweep>();
        Assert.Equal((1, 0), await sweep.SweepAsync(CancellationToken.None));
        Assert.Equal((0, 0), await sweep.SweepAsync(CancellationToken.None));

        var history = await App.Client.ListLicenceHistoryAsync(new GetLicenceRequest { LicenceId = licence.Id }, Nepal);
        var expiry = history.Decisions.Last();
        Assert.Equal((DecisionKind.Expire, "system"), (expiry.Kind, expiry.Metadata.Actor));
        await App.Events.WaitAsync<LicenceChanged>(e => e.Any(x => x.Change == LicenceChange.Expired && x.Licence.State == "EXPIRED"), "the expiry event");

        // An expired licence can be renewed; it is active again.
        var current = await App.Client.GetLicenceAsync(new GetLicenceRequest { LicenceId = licence.Id }, Nepal);
        var renewed = await App.Client.RenewLicenceAsync(new RenewLicenceRequest { Decision = CorridorScenario.Decision(current, "Renewed late"), ValidUntil = CorridorScenario.Day(CorridorScenario.Today.AddYears(2)) }, Nepal);
        Assert.Equal(LicenceState.Active, renewed.State);
    }

    [Fact]
    public async Task A_dated_suspension_lapses_after_its_end_and_the_sweep_records_the_reinstatement()
    {
        var agency = await Given.RegisterAgencyAsync();
        var licence = await Given.IssueOriginLicenceAsync(agency);
        var suspended = await App.Client.SuspendLicenceAsync(new SuspendLicenceRequest
        {
            Decision = CorridorScenario.Decision(licence), Until = CorridorScenario.Day(CorridorScenario.Today.AddDays(10)),
        }, Nepal);
        Assert.Equal(LicenceState.Suspended, suspended.State);

        // As of a date after the end, the licence reads as active again.
        var later = await App.Client.CheckAuthorizationAsync(new CheckAuthorizationRequest
        {
            AgencyId = agency.Id, OriginCountry = "NP", DestinationCountry = "QA", Sector = Sector.Construction,
            OnDate = CorridorScenario.Day(CorridorScenario.Today.AddDays(11)),
        }, LicensingApp.Anonymous);
        Assert.DoesNotContain(later.Reasons, r => r.Contains("SUSPENDED", StringComparison.Ordinal));

        // Let the end date pass (the API refuses past dates, so the row is moved back directly), then sweep.
        await using (var connection = new Npgsql.NpgsqlConnection(App.ConnectionString))
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE licences SET suspended_until = @Yesterday WHERE id = @Id",
                new { Yesterday = CorridorScenario.Today.AddDays(-1), Id = Guid.Parse(licence.Id) });
        }

        Assert.Equal((0, 1), await App.Services.GetRequiredService<LicenceSweep>().SweepAsync(CancellationToken.None));
        var current = await App.Client.GetLicenceAsync(new GetLicenceRequest { LicenceId = licence.Id }, Nepal);
        Assert.Equal((LicenceState.Active, suspended.Version + 1), (current.State, current.Version));
        var last = (await App.Client.ListLicenceHistoryAsync(new GetLicenceRequest { LicenceId = licence.Id }, Nepal)).Decisions.Last();
        Assert.Equal((DecisionKind.Reinstate, "system"), (last.Kind, last.Metadata.Actor));
    }

    [Fact]
    public async Task A_destination_accreditation_needs_an_open_corridor_and_is_issued_by_the_destination()
    {
        var agency = await Given.RegisterAgencyAsync();
        var closed = await Assert.ThrowsAsync<RpcException>(() => Given.AccreditAsync(agency));
        Assert.Equal(StatusCode.FailedPrecondition, closed.StatusCode);

        await Given.OpenCorridorAsync();
        var accreditation = await Given.AccreditAsync(agency);
        Assert.Equal(("QA", LicenceKind.DestinationAccreditation), (accreditation.IssuingCountry, accreditation.Kind));
        Assert.Equal(["QA"], accreditation.DestinationCountries);
        Assert.Null(accreditation.SecurityBond); // no bond applies to an accreditation

        // An origin licence still needs its bond; an amendment without one keeps it.
        var noBond = CorridorScenario.OriginLicence(agency);
        noBond.SecurityBond = null;
        var refused = await Assert.ThrowsAsync<RpcException>(() => App.Client.IssueLicenceAsync(noBond, Nepal).ResponseAsync);
        Assert.Equal("security_bond", refused.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Single().Field);
        var licence = await App.Client.IssueLicenceAsync(CorridorScenario.OriginLicence(agency), Nepal);
        var amended = await App.Client.AmendLicenceAsync(new AmendLicenceRequest
        {
            Decision = CorridorScenario.Decision(licence), DestinationCountries = { "QA" }, Sectors = { Sector.Construction },
        }, Nepal);
        Assert.Equal(licence.SecurityBond, amended.SecurityBond);

        var origin = await Assert.ThrowsAsync<RpcException>(() => App.Client.SuspendLicenceAsync(
            new SuspendLicenceRequest { Decision = CorridorScenario.Decision(accreditation) }, Nepal).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, origin.StatusCode);
    }
}
