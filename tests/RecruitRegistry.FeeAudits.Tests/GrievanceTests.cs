using Google.Rpc;
using Grpc.Core;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Testing;

namespace RecruitRegistry.FeeAudits.Tests;

/// <summary>
/// Grievances on the real servers: kinds as data, filing by an authority for a worker, the steps both authorities take
/// with the one that acts first starting, every step kept, one event per step; access as docs/security.md says; bad
/// input named by field with nothing written.
/// </summary>
public sealed class GrievanceTests(Servers servers) : FeeAuditsTest(servers)
{
    private static readonly CallOptions Nepal = FeeAuditsApp.Authority("NP");
    private static readonly CallOptions Qatar = FeeAuditsApp.Authority("QA");

    [Fact]
    public async Task Every_kind_is_data_with_its_ILO_indicator_and_the_authority_that_acts_first()
    {
        var kinds = (await App.Grievances.ListGrievanceKindsAsync(new ListGrievanceKindsRequest(), FeeAuditsApp.Auditor("PH"))).Kinds;

        Assert.Equal(Enum.GetValues<GrievanceKind>().Where(k => k != GrievanceKind.Unspecified), kinds.Select(k => k.Kind));
        Assert.All(kinds, k =>
        {
            Assert.False(string.IsNullOrWhiteSpace(k.Label));
            Assert.False(string.IsNullOrWhiteSpace(k.IloIndicator));
            Assert.NotEqual(CorridorSide.Unspecified, k.ActsFirst);
            Assert.StartsWith("ILO Indicators of Forced Labour (2012)", k.Source, StringComparison.Ordinal);
        });
        Assert.Equal(CorridorSide.Destination, kinds.Single(k => k.Kind == GrievanceKind.DocumentsRetained).ActsFirst);
        Assert.Equal(CorridorSide.Origin, kinds.Single(k => k.Kind == GrievanceKind.FeesCharged).ActsFirst);
    }

    [Fact]
    public async Task A_clerk_files_for_the_worker_and_both_authorities_take_it_to_a_resolution_step_by_step()
    {
        var contract = await ContractAsync();
        var filing = new FileGrievanceRequest
        {
            ContractId = contract.ContractId.ToString(), Kind = GrievanceKind.WagesWithheld, RequestId = Guid.NewGuid().ToString(),
            Account = "No wages paid for March and April; the supervisor says they are kept until the contract ends.",
            OccurredOn = Scenario.Day(Scenario.Today.AddDays(-20)),
        };
        var filed = await App.Grievances.FileGrievanceAsync(filing, Nepal); // the help desk in Kathmandu
        Assert.Equal((GrievanceState.Received, GrievanceFiler.Authority, "NP", CorridorSide.Destination, 1L),
            (filed.State, filed.FiledBy, filed.FiledByCountry, filed.ActsFirst, filed.Version));
        Assert.Equal((contract.Contract.AgencyId.ToString(), "NP", "QA"), (filed.AgencyId, filed.OriginCountry, filed.DestinationCountry));

        // A retry of the filing names the same grievance and writes nothing.
        var again = await App.Grievances.FileGrievanceAsync(filing, Nepal);
        Assert.Equal((filed.Id, 1L), (again.Id, again.Version));
        Assert.Equal(1, await App.CountAsync("SELECT COUNT(*) FROM grievances"));

        // Wages withheld abroad: Qatar acts first; Nepal may not start the review.
        var notFirst = await Assert.ThrowsAsync<RpcException>(() => App.Grievances.ReviewGrievanceAsync(Decision(filed), Nepal).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, notFirst.StatusCode);
        Assert.Contains("QA acts first", notFirst.Status.Detail, StringComparison.Ordinal);

        var reviewed = await App.Grievances.ReviewGrievanceAsync(Decision(filed, "Employer and worker heard"), Qatar);
        var referred = await App.Grievances.ReferGrievanceAsync(new ReferGrievanceRequest
        {
            Decision = Decision(reviewed, "The employer disputes the amount"), ReferredTo = GrievanceReferral.LabourCourt,
        }, Qatar);
        Assert.Equal((GrievanceState.Referred, GrievanceReferral.LabourCourt), (referred.State, referred.ReferredTo));

        var stale = await Assert.ThrowsAsync<RpcException>(() => App.Grievances.ResolveGrievanceAsync(
            new ResolveGrievanceRequest { Decision = Decision(reviewed), Founded = true }, Nepal).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);

        var resolved = await App.Grievances.ResolveGrievanceAsync(new ResolveGrievanceRequest
        {
            Decision = Decision(referred, "The court ordered the wages paid; the employer paid them"), Founded = true,
        }, Nepal);
        Assert.Equal((GrievanceState.Resolved, true, 4L), (resolved.State, resolved.Founded, resolved.Version));

        var twice = await Assert.ThrowsAsync<RpcException>(() => App.Grievances.DismissGrievanceAsync(Decision(resolved), Qatar).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        Assert.Contains("RESOLVED", twice.Status.Detail, StringComparison.Ordinal);

        // Every step kept, with who, where, why and under which law.
        var read = await App.Grievances.GetGrievanceAsync(new GetGrievanceRequest { GrievanceId = filed.Id }, FeeAuditsApp.Auditor("QA"));
        Assert.Equal(["FILED NP", "REVIEW_STARTED QA", "REFERRED QA", "RESOLVED NP"], read.Steps.Select(s => $"{s.Action} {s.ActorCountry}"));
        Assert.Equal([GrievanceState.Received, GrievanceState.UnderReview, GrievanceState.Referred, GrievanceState.Resolved], read.Steps.Select(s => s.StateAfter));
        Assert.Equal("The court ordered the wages paid; the employer paid them", read.Steps[^1].Reason);
        Assert.Equal("Qatar Labour Law 14/2004, Art. 66", read.Steps[^1].LegalBasis);
        Assert.Equal(GrievanceReferral.LabourCourt, read.Steps[2].ReferredTo);
        Assert.Equal(filing.Account, read.Account);

        // One event per step, carrying the state but never the worker's account.
        var events = await App.Events.WaitAsync<GrievanceChanged>(e => e.Count(x => x.GrievanceId.ToString() == filed.Id) == 4, "four grievance events");
        Assert.Equal(
            [(1L, "RECEIVED"), (2L, "UNDER_REVIEW"), (3L, "REFERRED"), (4L, "RESOLVED")],
            events.Where(e => e.GrievanceId.ToString() == filed.Id).OrderBy(e => e.Version).Select(e => (e.Version, e.State)));
        Assert.True(events.Single(e => e.Version == 4).Founded);
        Assert.Equal("WAGES_WITHHELD", events[0].Kind);
        Assert.DoesNotContain(typeof(GrievanceChanged).GetProperties(), p => p.Name.Contains("Account", StringComparison.Ordinal));
    }

    /// <summary>Filed by the worker through WorkerContracts, decided in FeeAudits, followed by the worker again.</summary>
    [Fact]
    public async Task A_worker_files_through_WorkerContracts_and_follows_the_authorities_steps_with_the_code()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var registered = await Given.RegisterAsync(agency, serviceFee: "10000.00");
        var filed = await App.Contracts.FileGrievanceAsync(new Contracts.WorkerContracts.V1.FileGrievanceRequest
        {
            Reference = registered.Reference, VerificationCode = registered.VerificationCode, Kind = GrievanceKind.ExcessiveHours,
            Account = "Fourteen hours a day on the site, no day off in six weeks.",
        });

        var received = (await Eventually.Until(
            async () =>
            {
                try
                {
                    return await App.Grievances.GetGrievanceAsync(new GetGrievanceRequest { GrievanceId = filed.GrievanceId }, Qatar);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
                {
                    return null;
                }
            },
            g => g is not null, TimeSpan.FromSeconds(30), "the worker's grievance in FeeAudits"))!;
        Assert.Equal((GrievanceFiler.Worker, "", registered.ContractId, agency.Id, "Fourteen hours a day on the site, no day off in six weeks."),
            (received.FiledBy, received.FiledByCountry, received.ContractId, received.AgencyId, received.Account));
        Assert.Equal(("FILED", "WORKER"), (received.Steps.Single().Action, received.Steps.Single().ActorRole));

        var reviewed = await App.Grievances.ReviewGrievanceAsync(Decision(received, "The labour inspectorate visits the site"), Qatar);
        await App.Grievances.ResolveGrievanceAsync(new ResolveGrievanceRequest
        {
            Decision = Decision(reviewed, "Unpaid overtime for six weeks confirmed by the inspection"), Founded = true,
            Outcomes = { new GrievanceOutcomeOrder { Kind = GrievanceOutcomeKind.Compensation, Amount = Qar("2000.00"), DueOn = Scenario.Day(Scenario.Today.AddDays(14)) } },
        }, Qatar);
        var list = new Contracts.WorkerContracts.V1.ListWorkerGrievancesRequest { Reference = registered.Reference, VerificationCode = registered.VerificationCode };
        var seen = await Eventually.Until(
            async () => (await App.Contracts.ListWorkerGrievancesAsync(list)).Grievances.Single(),
            g => g.State == GrievanceState.Resolved, TimeSpan.FromSeconds(30), "the worker to see the resolution");
        Assert.Equal((filed.GrievanceId, GrievanceKind.ExcessiveHours, GrievanceFiler.Worker, true), (seen.GrievanceId, seen.Kind, seen.FiledBy, seen.Founded));
        var owed = Assert.Single(seen.Outcomes);
        Assert.Equal((GrievanceOutcomeKind.Compensation, Qar("2000.00"), Scenario.Day(Scenario.Today.AddDays(14)), GrievanceOutcomeState.Ordered),
            (owed.Kind, owed.Amount, owed.DueOn, owed.State));

        // A report of fees paid is a FEES_CHARGED grievance as well as a fee case, once however often it is sent.
        var report = new Contracts.WorkerContracts.V1.ReportFeesPaidRequest
        {
            Reference = registered.Reference, VerificationCode = registered.VerificationCode, Account = "Paid NPR 120,000 in cash to the sub-agent",
            FeesPaid =
            {
                new Contracts.WorkerContracts.V1.Fee
                {
                    Category = Contracts.WorkerContracts.V1.FeeCategory.RecruitmentService, Payee = "sub-agent",
                    Amount = new Contracts.Common.V1.Money { CurrencyCode = "NPR", Amount = "120000.00" },
                },
            },
        };
        await App.Contracts.ReportFeesPaidAsync(report);
        await App.Contracts.ReportFeesPaidAsync(report);
        var both = await Eventually.Until(
            async () => (await App.Contracts.ListWorkerGrievancesAsync(list)).Grievances,
            g => g.Count == 2, TimeSpan.FromSeconds(30), "the fee report among the worker's grievances");
        var fees = both.Single(g => g.Kind == GrievanceKind.FeesCharged);
        Assert.Equal((GrievanceFiler.Worker, GrievanceState.Received), (fees.FiledBy, fees.State));
        var recorded = await App.Grievances.GetGrievanceAsync(new GetGrievanceRequest { GrievanceId = fees.GrievanceId }, Nepal);
        Assert.Equal(("Paid NPR 120,000 in cash to the sub-agent", CorridorSide.Origin), (recorded.Account, recorded.ActsFirst));
        await Task.Delay(500);
        Assert.Equal(2, await App.CountAsync("SELECT COUNT(*) FROM grievances"));
    }

    [Fact]
    public async Task Both_authorities_list_the_corridors_grievances_by_state_newest_first_a_page_at_a_time()
    {
        var contract = await ContractAsync();
        var ids = new List<string>();
        foreach (var kind in new[] { GrievanceKind.DocumentsRetained, GrievanceKind.ExcessiveHours, GrievanceKind.FeesCharged })
        {
            ids.Add((await App.Grievances.FileGrievanceAsync(new FileGrievanceRequest
            {
                ContractId = contract.ContractId.ToString(), Kind = kind, Account = "Told the attaché in Doha", RequestId = Guid.NewGuid().ToString(),
            }, Qatar)).Id);
        }

        var fees = (await App.Grievances.GetGrievanceAsync(new GetGrievanceRequest { GrievanceId = ids[2] }, Nepal));
        await App.Grievances.DismissGrievanceAsync(Decision(fees, "The worker withdrew it"), Nepal);

        var list = new ListGrievancesRequest { OriginCountry = "NP", DestinationCountry = "QA", Page = new() { PageSize = 2 } };
        var first = await App.Grievances.ListGrievancesAsync(list, Qatar);
        list.Page.PageToken = first.Page.NextPageToken;
        var second = await App.Grievances.ListGrievancesAsync(list, Qatar);
        Assert.Equal(Enumerable.Reverse(ids), first.Grievances.Concat(second.Grievances).Select(g => g.Id));
        Assert.Empty(second.Page.NextPageToken);

        var received = await App.Grievances.ListGrievancesAsync(
            new ListGrievancesRequest { OriginCountry = "NP", DestinationCountry = "QA", State = GrievanceState.Received }, Nepal);
        Assert.Equal(ids.Take(2).Reverse(), received.Grievances.Select(g => g.Id));
    }

    /// <summary>
    /// A founded grievance orders outcomes with due days: one fulfilled with its evidence, the other marked OVERDUE by the
    /// sweep once its day has passed, each a step of the grievance and an event, the state staying RESOLVED.
    /// </summary>
    [Fact]
    public async Task Outcomes_of_a_founded_grievance_are_fulfilled_with_evidence_or_fall_overdue()
    {
        var contract = await ContractAsync();
        var filed = await App.Grievances.FileGrievanceAsync(new FileGrievanceRequest
        {
            ContractId = contract.ContractId.ToString(), Kind = GrievanceKind.DocumentsRetained, Account = "Passport and three months' wages held", RequestId = Guid.NewGuid().ToString(),
        }, Qatar);
        var reviewed = await App.Grievances.ReviewGrievanceAsync(Decision(filed), Qatar);
        var resolved = await App.Grievances.ResolveGrievanceAsync(new ResolveGrievanceRequest
        {
            Decision = Decision(reviewed, "The employer admitted holding both"), Founded = true,
            Outcomes =
            {
                new GrievanceOutcomeOrder { Kind = GrievanceOutcomeKind.DocumentReturned, DueOn = Scenario.Day(Scenario.Today.AddDays(7)) },
                new GrievanceOutcomeOrder { Kind = GrievanceOutcomeKind.WagesRecovered, Amount = Qar("3600.00"), DueOn = Scenario.Day(Scenario.Today.AddDays(30)) },
            },
        }, Qatar);
        Assert.Equal([GrievanceOutcomeState.Ordered, GrievanceOutcomeState.Ordered], resolved.Outcomes.Select(o => o.State));
        var (document, wages) = (resolved.Outcomes[0], resolved.Outcomes[1]);

        var fulfilled = await App.Grievances.MarkOutcomeFulfilledAsync(
            new MarkOutcomeFulfilledRequest { OutcomeId = document.Id, EvidenceReference = "Embassy note 2026/114: passport handed to the worker" }, Nepal);
        Assert.Equal((GrievanceState.Resolved, GrievanceOutcomeState.Fulfilled), (fulfilled.State, fulfilled.Outcomes[0].State));
        Assert.Equal("Embassy note 2026/114: passport handed to the worker", fulfilled.Outcomes[0].EvidenceReference);
        var again = await Assert.ThrowsAsync<RpcException>(() => App.Grievances.MarkOutcomeFulfilledAsync(
            new MarkOutcomeFulfilledRequest { OutcomeId = document.Id, EvidenceReference = "again" }, Qatar).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);

        Assert.Equal(0, await App.GrievanceOutcomes.SweepOverdueAsync(CancellationToken.None)); // nothing due yet
        App.Clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(1, await App.GrievanceOutcomes.SweepOverdueAsync(CancellationToken.None));
        Assert.Equal(0, await App.GrievanceOutcomes.SweepOverdueAsync(CancellationToken.None));

        var read = await App.Grievances.GetGrievanceAsync(new GetGrievanceRequest { GrievanceId = filed.Id }, FeeAuditsApp.Auditor("NP"));
        Assert.Equal((GrievanceOutcomeState.Overdue, Scenario.Day(Scenario.Today.AddDays(31))), (read.Outcomes[1].State, read.Outcomes[1].OverdueSince));
        Assert.Equal(["FILED", "REVIEW_STARTED", "RESOLVED", "OUTCOME_FULFILLED", "OUTCOME_OVERDUE"], read.Steps.Select(s => s.Action));
        Assert.Equal(("system", GrievanceState.Resolved), (read.Steps[^1].Actor, read.Steps[^1].StateAfter));
        Assert.Contains("WAGES_RECOVERED of QAR 3600.00", read.Steps[^1].Reason, StringComparison.Ordinal);
        var events = await App.Events.WaitAsync<GrievanceChanged>(e => e.Any(x => x.GrievanceId.ToString() == filed.Id && x.Version == 5), "the overdue event");
        var last = events.Single(e => e.GrievanceId.ToString() == filed.Id && e.Version == 5);
        Assert.Equal(["FULFILLED", "OVERDUE"], last.Outcomes.Select(o => o.State));
    }

    /// <summary>
    /// The agency appeals a founded resolution (knowing only the id, from its compliance record), once; overturned, the
    /// grievance is under review anew, no longer founded, its ordered outcomes cancelled; nobody else may appeal it.
    /// </summary>
    [Fact]
    public async Task The_agency_appeals_a_founded_resolution_once_and_overturned_its_outcomes_are_cancelled()
    {
        var contract = await ContractAsync();
        var resolved = await ResolvedAsync(contract, founded: true);
        var agency = FeeAuditsApp.Agency(contract.Contract.AgencyId);
        var appeal = new AppealGrievanceRequest { GrievanceId = resolved.Id, Grounds = "The passport was kept at the worker's own request, in the safe" };

        foreach (var (caller, status) in new[] { (Nepal, StatusCode.PermissionDenied), (FeeAuditsApp.Agency(Guid.NewGuid()), StatusCode.NotFound), (FeeAuditsApp.Auditor("QA"), StatusCode.NotFound) })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => App.Grievances.AppealGrievanceAsync(appeal, caller).ResponseAsync);
            Assert.Equal(status, refused.StatusCode);
        }

        var appealed = await App.Grievances.AppealGrievanceAsync(appeal, agency);
        Assert.Equal((resolved.Id, GrievanceState.Appealed, resolved.Version + 1), (appealed.GrievanceId, appealed.State, appealed.Version));
        var twice = await Assert.ThrowsAsync<RpcException>(() => App.Grievances.AppealGrievanceAsync(appeal, agency).ResponseAsync);
        Assert.Equal((StatusCode.FailedPrecondition, "ALREADY_APPEALED"), (twice.StatusCode, twice.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Metadata["current_state"]));

        var pending = await App.Grievances.GetGrievanceAsync(new GetGrievanceRequest { GrievanceId = resolved.Id }, Qatar);
        var overturned = await App.Grievances.DecideGrievanceAppealAsync(new DecideGrievanceAppealRequest
        {
            Decision = Decision(pending, "The employer's safe log shows the worker asked for it"), Overturn = true,
        }, Qatar);
        Assert.Equal((GrievanceState.UnderReview, false, true, null), (overturned.State, overturned.Founded, overturned.Appealed, overturned.AppealDeadline));
        Assert.Equal([GrievanceOutcomeState.Cancelled], overturned.Outcomes.Select(o => o.State));
        Assert.Equal(["FILED", "REVIEW_STARTED", "RESOLVED", "APPEALED", "APPEAL_OVERTURNED"], overturned.Steps.Select(s => s.Action));
        Assert.Equal(("AGENCY", GrievanceState.Resolved, GrievanceState.Appealed), (overturned.Steps[3].ActorRole, overturned.Steps[3].StateBefore, overturned.Steps[3].StateAfter));
        var events = await App.Events.WaitAsync<GrievanceChanged>(e => e.Any(x => x.GrievanceId.ToString() == resolved.Id && x.Version == overturned.Version), "the overturn published");
        var last = events.Where(x => x.GrievanceId.ToString() == resolved.Id).MaxBy(x => x.Version)!;
        Assert.Equal(("UNDER_REVIEW", false, true), (last.State, last.Founded, last.Appealed));
    }

    /// <summary>
    /// A dismissal is appealed for the worker (by an authority here, by the worker through WorkerContracts below); upheld,
    /// it stands again; an appeal after the deadline is refused citing the day it closed.
    /// </summary>
    [Fact]
    public async Task A_dismissal_appealed_for_the_worker_stands_again_when_upheld_and_a_late_appeal_is_refused()
    {
        var contract = await ContractAsync();
        var dismissed = await App.Grievances.DismissGrievanceAsync(Decision(await FiledAsync(contract), "No evidence offered"), Qatar);
        Assert.Equal(Scenario.Day(Scenario.Today.AddDays(30)), dismissed.AppealDeadline);

        var appealed = await App.Grievances.AppealGrievanceAsync(new AppealGrievanceRequest { GrievanceId = dismissed.Id, Grounds = "The worker has pay slips now" }, Nepal);
        var pending = await App.Grievances.GetGrievanceAsync(new GetGrievanceRequest { GrievanceId = dismissed.Id }, Qatar);
        var upheld = await App.Grievances.DecideGrievanceAppealAsync(new DecideGrievanceAppealRequest { Decision = Decision(pending, "The slips are for another employer") }, Qatar);
        Assert.Equal((GrievanceState.Dismissed, true, appealed.Version + 1), (upheld.State, upheld.Appealed, upheld.Version));
        Assert.Equal(["APPEALED", "APPEAL_UPHELD"], upheld.Steps.Skip(2).Select(s => s.Action));

        var late = await App.Grievances.DismissGrievanceAsync(Decision(await FiledAsync(contract), "Withdrawn"), Qatar);
        App.Clock.Advance(TimeSpan.FromDays(31));
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            App.Grievances.AppealGrievanceAsync(new AppealGrievanceRequest { GrievanceId = late.Id, Grounds = "Not withdrawn" }, Nepal).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains($"closed on {Scenario.Today.AddDays(30):yyyy-MM-dd}", refused.Status.Detail, StringComparison.Ordinal);
    }

    /// <summary>A worker's appeal arrives as GrievanceAppealed: applied if it was made in time, once; an appeal of a founded resolution is not the worker's.</summary>
    [Fact]
    public async Task A_workers_appeal_made_in_time_is_recorded_once_even_when_it_arrives_late()
    {
        var contract = await ContractAsync();
        var dismissed = await App.Grievances.DismissGrievanceAsync(Decision(await FiledAsync(contract), "No evidence offered"), Qatar);
        var founded = await ResolvedAsync(contract, founded: true);
        App.Clock.Advance(TimeSpan.FromDays(40)); // the message was delayed past the deadline; the appeal was made in time

        var madeAt = DateTimeOffset.UtcNow;
        await App.Bus.Publish(new GrievanceAppealed { GrievanceId = Guid.Parse(dismissed.Id), ContractId = contract.ContractId, Grounds = "I have a witness", OccurredAt = madeAt });
        await App.Bus.Publish(new GrievanceAppealed { GrievanceId = Guid.Parse(dismissed.Id), ContractId = contract.ContractId, Grounds = "I have a witness", OccurredAt = madeAt });
        await App.Bus.Publish(new GrievanceAppealed { GrievanceId = Guid.Parse(founded.Id), ContractId = contract.ContractId, Grounds = "not mine to appeal", OccurredAt = madeAt });

        var appealed = await Eventually.Until(
            () => App.Grievances.GetGrievanceAsync(new GetGrievanceRequest { GrievanceId = dismissed.Id }, Nepal).ResponseAsync,
            g => g.State == GrievanceState.Appealed, TimeSpan.FromSeconds(30), "the worker's appeal recorded");
        Assert.Equal(("APPEALED", "WORKER", "I have a witness"), (appealed.Steps[^1].Action, appealed.Steps[^1].ActorRole, appealed.Steps[^1].Reason));
        await Task.Delay(500);
        Assert.Equal(appealed.Version, (await App.Grievances.GetGrievanceAsync(new GetGrievanceRequest { GrievanceId = dismissed.Id }, Nepal)).Version);
        Assert.Equal(GrievanceState.Resolved, (await App.Grievances.GetGrievanceAsync(new GetGrievanceRequest { GrievanceId = founded.Id }, Nepal)).State);
    }

    private async Task<Grievance> FiledAsync(ContractChanged contract) =>
        await App.Grievances.FileGrievanceAsync(new FileGrievanceRequest
        {
            ContractId = contract.ContractId.ToString(), Kind = GrievanceKind.WagesWithheld, Account = "Two months unpaid", RequestId = Guid.NewGuid().ToString(),
        }, Qatar);

    /// <summary>A documents-retained grievance reviewed and resolved by Qatar; founded, it orders the passport's return.</summary>
    private async Task<Grievance> ResolvedAsync(ContractChanged contract, bool founded)
    {
        var filed = await App.Grievances.FileGrievanceAsync(new FileGrievanceRequest
        {
            ContractId = contract.ContractId.ToString(), Kind = GrievanceKind.DocumentsRetained, Account = "Passport held", RequestId = Guid.NewGuid().ToString(),
        }, Qatar);
        var reviewed = await App.Grievances.ReviewGrievanceAsync(Decision(filed), Qatar);
        var resolution = new ResolveGrievanceRequest { Decision = Decision(reviewed, "The employer admitted it"), Founded = founded };
        if (founded)
        {
            resolution.Outcomes.Add(new GrievanceOutcomeOrder { Kind = GrievanceOutcomeKind.DocumentReturned, DueOn = Scenario.Day(Scenario.Today.AddDays(7)) });
        }

        return await App.Grievances.ResolveGrievanceAsync(resolution, Qatar);
    }

    public static TheoryData<string, bool, Action<ResolveGrievanceRequest>> BadResolutions => new()
    {
        { "outcomes", false, r => r.Outcomes.Add(new GrievanceOutcomeOrder { Kind = GrievanceOutcomeKind.Refund, Amount = Npr("100.00"), DueOn = Scenario.Day(Scenario.Today) }) },
        { "outcomes", true, r => r.Outcomes.Add(Enumerable.Range(0, 11).Select(_ => new GrievanceOutcomeOrder { Kind = GrievanceOutcomeKind.DocumentReturned, DueOn = Scenario.Day(Scenario.Today) })) },
        { "outcomes[0].kind", true, r => r.Outcomes.Add(new GrievanceOutcomeOrder { Kind = (GrievanceOutcomeKind)9, DueOn = Scenario.Day(Scenario.Today) }) },
        { "outcomes[0].amount", true, r => r.Outcomes.Add(new GrievanceOutcomeOrder { Kind = GrievanceOutcomeKind.Refund, DueOn = Scenario.Day(Scenario.Today) }) },
        { "outcomes[0].amount", true, r => r.Outcomes.Add(new GrievanceOutcomeOrder { Kind = GrievanceOutcomeKind.DocumentReturned, Amount = Npr("1.00"), DueOn = Scenario.Day(Scenario.Today) }) },
        { "outcomes[0].amount.amount", true, r => r.Outcomes.Add(new GrievanceOutcomeOrder { Kind = GrievanceOutcomeKind.Compensation, Amount = Npr("0.00"), DueOn = Scenario.Day(Scenario.Today) }) },
        { "outcomes[0].amount.currency_code", true, r => r.Outcomes.Add(new GrievanceOutcomeOrder { Kind = GrievanceOutcomeKind.Compensation, Amount = new Contracts.Common.V1.Money { CurrencyCode = "RUPEES", Amount = "5" }, DueOn = Scenario.Day(Scenario.Today) }) },
        { "outcomes[0].due_on", true, r => r.Outcomes.Add(new GrievanceOutcomeOrder { Kind = GrievanceOutcomeKind.DocumentReturned }) },
        { "outcomes[0].due_on", true, r => r.Outcomes.Add(new GrievanceOutcomeOrder { Kind = GrievanceOutcomeKind.DocumentReturned, DueOn = Scenario.Day(Scenario.Today.AddDays(-1)) }) },
    };

    [Theory]
    [MemberData(nameof(BadResolutions))]
    public async Task A_malformed_order_of_outcomes_names_its_field_and_resolves_nothing(string field, bool founded, Action<ResolveGrievanceRequest> spoil)
    {
        var contract = await ContractAsync();
        var filed = await App.Grievances.FileGrievanceAsync(new FileGrievanceRequest
        {
            ContractId = contract.ContractId.ToString(), Kind = GrievanceKind.FeesCharged, Account = "Paid NPR 90,000", RequestId = Guid.NewGuid().ToString(),
        }, Nepal);
        var reviewed = await App.Grievances.ReviewGrievanceAsync(Decision(filed), Nepal);
        var request = new ResolveGrievanceRequest { Decision = Decision(reviewed), Founded = founded };
        spoil(request);

        var refused = await Assert.ThrowsAsync<RpcException>(() => App.Grievances.ResolveGrievanceAsync(request, Nepal).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Equal(field, Assert.Single(refused.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
        var unchanged = await App.Grievances.GetGrievanceAsync(new GetGrievanceRequest { GrievanceId = filed.Id }, Nepal);
        Assert.Equal((GrievanceState.UnderReview, 0), (unchanged.State, unchanged.Outcomes.Count));

        var noEvidence = await Assert.ThrowsAsync<RpcException>(() => App.Grievances.MarkOutcomeFulfilledAsync(
            new MarkOutcomeFulfilledRequest { OutcomeId = Guid.NewGuid().ToString(), EvidenceReference = " " }, Nepal).ResponseAsync);
        Assert.Equal("evidence_reference", Assert.Single(noEvidence.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }

    private static Contracts.Common.V1.Money Qar(string amount) => new() { CurrencyCode = "QAR", Amount = amount };

    private static Contracts.Common.V1.Money Npr(string amount) => new() { CurrencyCode = "NPR", Amount = amount };

    public static TheoryData<string, Action<FileGrievanceRequest>> BadFilings => new()
    {
        { "contract_id", r => r.ContractId = "not-a-uuid" },
        { "kind", r => r.Kind = GrievanceKind.Unspecified },
        { "kind", r => r.Kind = (GrievanceKind)99 },
        { "account", r => r.Account = " " },
        { "account", r => r.Account = new string('x', 4001) },
        { "occurred_on", r => r.OccurredOn = new Contracts.Common.V1.Date { Year = 2026, Month = 2, Day = 30 } },
        { "occurred_on", r => r.OccurredOn = Scenario.Day(Scenario.Today.AddDays(2)) },
        { "request_id", r => r.RequestId = "" },
    };

    [Theory]
    [MemberData(nameof(BadFilings))]
    public async Task A_malformed_filing_names_its_field_and_files_nothing(string field, Action<FileGrievanceRequest> spoil)
    {
        var contract = await ContractAsync();
        var request = new FileGrievanceRequest
        {
            ContractId = contract.ContractId.ToString(), Kind = GrievanceKind.JobDeception, Account = "Promised a driver's job, made a labourer",
            OccurredOn = Scenario.Day(Scenario.Today), RequestId = Guid.NewGuid().ToString(),
        };
        spoil(request);

        var refused = await Assert.ThrowsAsync<RpcException>(() => App.Grievances.FileGrievanceAsync(request, Nepal).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Equal(field, Assert.Single(refused.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
        Assert.Equal(0, await App.CountAsync("SELECT COUNT(*) FROM grievances"));
    }

    [Fact]
    public async Task Malformed_decisions_name_their_field_and_change_nothing()
    {
        var contract = await ContractAsync();
        var filed = await App.Grievances.FileGrievanceAsync(new FileGrievanceRequest
        {
            ContractId = contract.ContractId.ToString(), Kind = GrievanceKind.FeesCharged, Account = "Paid NPR 150,000 to a sub-agent", RequestId = Guid.NewGuid().ToString(),
        }, Nepal);
        var reviewed = await App.Grievances.ReviewGrievanceAsync(Decision(filed), Nepal);

        var noReferral = await Assert.ThrowsAsync<RpcException>(() => App.Grievances.ReferGrievanceAsync(
            new ReferGrievanceRequest { Decision = Decision(reviewed), ReferredTo = (GrievanceReferral)7 }, Nepal).ResponseAsync);
        Assert.Equal("referred_to", Assert.Single(noReferral.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
        var noReason = await Assert.ThrowsAsync<RpcException>(() => App.Grievances.ResolveGrievanceAsync(
            new ResolveGrievanceRequest { Decision = Decision(reviewed, reason: "") }, Nepal).ResponseAsync);
        Assert.Equal("decision.reason", Assert.Single(noReason.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
        var badId = await Assert.ThrowsAsync<RpcException>(() => App.Grievances.DismissGrievanceAsync(
            new GrievanceDecisionRequest { GrievanceId = "x", ExpectedVersion = 2, Reason = "r", LegalBasis = "l" }, Nepal).ResponseAsync);
        Assert.Equal("grievance_id", Assert.Single(badId.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);

        var unchanged = await App.Grievances.GetGrievanceAsync(new GetGrievanceRequest { GrievanceId = filed.Id }, Nepal);
        Assert.Equal((GrievanceState.UnderReview, 2L, 2), (unchanged.State, unchanged.Version, unchanged.Steps.Count));
    }

    [Fact]
    public async Task Every_rpc_answers_every_kind_of_caller_as_the_table_says()
    {
        var contract = await ContractAsync();
        var agencyId = contract.Contract.AgencyId;
        var filed = await App.Grievances.FileGrievanceAsync(new FileGrievanceRequest
        {
            ContractId = contract.ContractId.ToString(), Kind = GrievanceKind.FeesCharged, Account = "Paid twice the cap", RequestId = Guid.NewGuid().ToString(),
        }, Nepal);
        var withOutcome = await App.Grievances.FileGrievanceAsync(new FileGrievanceRequest
        {
            ContractId = contract.ContractId.ToString(), Kind = GrievanceKind.FeesCharged, Account = "Paid the visa fee", RequestId = Guid.NewGuid().ToString(),
        }, Nepal);
        var outcome = (await App.Grievances.ResolveGrievanceAsync(new ResolveGrievanceRequest
        {
            Decision = Decision(await App.Grievances.ReviewGrievanceAsync(Decision(withOutcome), Nepal)), Founded = true,
            Outcomes = { new GrievanceOutcomeOrder { Kind = GrievanceOutcomeKind.Refund, Amount = Npr("15000.00"), DueOn = Scenario.Day(Scenario.Today.AddDays(30)) } },
        }, Nepal)).Outcomes.Single();
        var callers = FeeAuditsApp.Callers(agencyId);
        GrievanceDecisionRequest Stale() => new() { GrievanceId = filed.Id, ExpectedVersion = filed.Version + 99, Reason = "r", LegalBasis = "l" };
        var g = App.Grievances;
        var calls = new Dictionary<string, Func<CallOptions, Task>>
        {
            ["ListGrievanceKinds"] = o => g.ListGrievanceKindsAsync(new ListGrievanceKindsRequest(), o).ResponseAsync,
            ["FileGrievance"] = o => g.FileGrievanceAsync(new FileGrievanceRequest
            {
                ContractId = contract.ContractId.ToString(), Kind = GrievanceKind.Retaliation, Account = "a", RequestId = Guid.NewGuid().ToString(),
            }, o).ResponseAsync,
            ["GetGrievance"] = o => g.GetGrievanceAsync(new GetGrievanceRequest { GrievanceId = filed.Id }, o).ResponseAsync,
            ["ListGrievances"] = o => g.ListGrievancesAsync(new ListGrievancesRequest { OriginCountry = "NP", DestinationCountry = "QA" }, o).ResponseAsync,
            ["ReviewGrievance"] = o => g.ReviewGrievanceAsync(Stale(), o).ResponseAsync,
            ["ReferGrievance"] = o => g.ReferGrievanceAsync(new ReferGrievanceRequest { Decision = Stale(), ReferredTo = GrievanceReferral.Police }, o).ResponseAsync,
            ["ResolveGrievance"] = o => g.ResolveGrievanceAsync(new ResolveGrievanceRequest { Decision = Stale() }, o).ResponseAsync,
            ["DismissGrievance"] = o => g.DismissGrievanceAsync(Stale(), o).ResponseAsync,
            ["MarkOutcomeFulfilled"] = o => g.MarkOutcomeFulfilledAsync(new MarkOutcomeFulfilledRequest { OutcomeId = outcome.Id, EvidenceReference = "receipt" }, o).ResponseAsync,
            ["AppealGrievance"] = o => g.AppealGrievanceAsync(new AppealGrievanceRequest { GrievanceId = withOutcome.Id, Grounds = "g" }, o).ResponseAsync,
            ["DecideGrievanceAppeal"] = o => g.DecideGrievanceAppealAsync(new DecideGrievanceAppealRequest { Decision = Stale(), Overturn = true }, o).ResponseAsync,
        };
        Assert.Equal(Contracts.FeeAudits.V1.Grievances.Descriptor.Methods.Select(m => m.Name).Order(StringComparer.Ordinal), calls.Keys.Order(StringComparer.Ordinal));

        var mismatches = await AccessMatrix.MismatchesAsync(AccessTable.Of(Contracts.FeeAudits.V1.Grievances.Descriptor.FullName), calls, callers, FeeAuditsApp.Malformed(agencyId));
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    private static GrievanceDecisionRequest Decision(Grievance g, string reason = "Heard both sides", string legalBasis = "Qatar Labour Law 14/2004, Art. 66") => new()
    {
        GrievanceId = g.Id, ExpectedVersion = g.Version, Reason = reason, LegalBasis = legalBasis,
    };

    /// <summary>An NP→QA contract as WorkerContracts publishes it, once FeeAudits holds it.</summary>
    private async Task<ContractChanged> ContractAsync()
    {
        var contract = Scenario.Contract("NP-QA", "CONSTRUCTION", "2026-03-01", "QAR 1200.00", ["RECRUITMENT_SERVICE NPR 10000.00"]);
        await Given.AuditedAsync(contract);
        return contract;
    }
}
