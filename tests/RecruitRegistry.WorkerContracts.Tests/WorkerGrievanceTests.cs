using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Testing;
using Codes = RecruitRegistry.Contracts.FeeAudits.V1;

namespace RecruitRegistry.WorkerContracts.Tests;

/// <summary>
/// A worker's grievances with reference and code: filed once and published once with what FeeAudits needs (never the
/// worker's name, passport or code), refused like verification on a wrong code, every bad field named, and followed as
/// codes as FeeAudits last published them.
/// </summary>
public sealed class WorkerGrievanceTests(Servers servers) : ContractsTest(servers)
{
    [Fact]
    public async Task A_worker_files_a_grievance_with_the_code_once_and_follows_it_as_codes()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var registered = await Given.RegisterAsync(agency, sector: Contracts.Licensing.V1.Sector.DomesticWork);
        var request = new FileGrievanceRequest
        {
            Reference = registered.Reference, VerificationCode = registered.VerificationCode, Kind = Codes.GrievanceKind.DocumentsRetained,
            Account = "My employer took my passport on the first day and will not give it back.", OccurredOn = CorridorScenario.Day(CorridorScenario.Today.AddDays(-40)),
        };

        var filed = await App.Contracts.FileGrievanceAsync(request);
        var again = await App.Contracts.FileGrievanceAsync(request);
        Assert.Equal((filed.GrievanceId, filed.FiledAt), (again.GrievanceId, again.FiledAt));

        var published = Assert.Single(await App.Events.WaitAsync<GrievanceFiled>(e => e.Count >= 1, "the grievance published"));
        Assert.Equal(
            (filed.GrievanceId, registered.ContractId, agency.Id, "NP", "QA", "DOMESTIC_WORK", "F", "DOCUMENTS_RETAINED", request.Account, CorridorScenario.Today.AddDays(-40)),
            (published.GrievanceId.ToString(), published.ContractId.ToString(), published.AgencyId.ToString(), published.OriginCountry, published.DestinationCountry,
                published.Sector, published.WorkerSex, published.Kind, published.Account, published.OccurredOn!.Value));
        var json = JsonSerializer.Serialize(published);
        Assert.DoesNotContain("PA1234567", json, StringComparison.Ordinal);
        Assert.DoesNotContain(registered.VerificationCode, json, StringComparison.Ordinal);
        Assert.DoesNotContain("Sita", json, StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.Single(App.Events.All<GrievanceFiled>());
        Assert.Equal(0, await App.CountAsync("SELECT COUNT(*) FROM grievance_filings f WHERE f::text LIKE '%took my passport%'")); // the account goes, it is not kept

        // Seen at once as RECEIVED; then as FeeAudits publishes its steps (here put on the bus as FeeAudits would).
        var list = new ListWorkerGrievancesRequest { Reference = registered.Reference, VerificationCode = registered.VerificationCode };
        var received = Assert.Single((await App.Contracts.ListWorkerGrievancesAsync(list)).Grievances);
        Assert.Equal((filed.GrievanceId, Codes.GrievanceKind.DocumentsRetained, Codes.GrievanceState.Received, Codes.GrievanceFiler.Worker),
            (received.GrievanceId, received.Kind, received.State, received.FiledBy));

        await App.Bus.Publish(Changed(published, 3, "REFERRED", "POLICE"));
        await App.Bus.Publish(Changed(published, 2, "UNDER_REVIEW", null)); // older, arriving late: changes nothing
        var referred = await Eventually.Until(
            async () => (await App.Contracts.ListWorkerGrievancesAsync(list)).Grievances.Single(),
            g => g.State == Codes.GrievanceState.Referred, TimeSpan.FromSeconds(30), "the referral shown to the worker");
        await Task.Delay(500);
        Assert.Equal((Codes.GrievanceState.Referred, Codes.GrievanceReferral.Police), (referred.State, referred.ReferredTo));
        Assert.Equal(Codes.GrievanceState.Referred, (await App.Contracts.ListWorkerGrievancesAsync(list)).Grievances.Single().State);

        // Plain JSON, as the worker's page calls it: codes, not sentences.
        using var http = App.Http();
        using var listed = await http.PostAsJsonAsync($"/v1/contracts/{registered.Reference}:grievances", new { verificationCode = registered.VerificationCode });
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        using var body = JsonDocument.Parse(await listed.Content.ReadAsStringAsync());
        var shown = body.RootElement.GetProperty("grievances").EnumerateArray().Single();
        Assert.Equal(("GRIEVANCE_KIND_DOCUMENTS_RETAINED", "GRIEVANCE_STATE_REFERRED", "GRIEVANCE_REFERRAL_POLICE"),
            (shown.GetProperty("kind").GetString(), shown.GetProperty("state").GetString(), shown.GetProperty("referredTo").GetString()));
        using var other = await http.PostAsJsonAsync($"/v1/contracts/{registered.Reference}:fileGrievance", new
        {
            verificationCode = registered.VerificationCode, kind = "GRIEVANCE_KIND_WAGES_WITHHELD", account = "No salary for two months.",
        });
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(2, (await App.Contracts.ListWorkerGrievancesAsync(list)).Grievances.Count);
    }

    /// <summary>The corridor's window (six months here, with its legal basis) runs from the day the contract ended.</summary>
    [Fact]
    public async Task A_worker_files_until_the_corridors_window_has_run_from_the_contracts_end_and_is_then_told_the_rule()
    {
        var proposal = CorridorScenario.Proposal(minimumAge: 21);
        proposal.GrievanceWindowMonths = 6;
        proposal.GrievanceWindowLegalBasis = "NP-QA labour agreement, art. 12 (test data)";
        var proposed = await App.Licensing.ProposeCorridorAsync(proposal, ContractsApp.Authority("NP"));
        Assert.Equal((6, "NP-QA labour agreement, art. 12 (test data)"), (proposed.GrievanceWindowMonths, proposed.GrievanceWindowLegalBasis));
        await App.Licensing.ApproveCorridorAsync(new Contracts.Licensing.V1.CorridorDecisionRequest
        {
            CorridorId = proposed.Id, ExpectedVersion = proposed.Version, Reason = "Both ministries signed", LegalBasis = "Qatar Labour Law 14/2004",
        }, ContractsApp.Authority("QA"));
        var agency = await Given.LicensedAgencyAsync();
        var registered = await Given.RegisterAsync(agency);
        var version = (await App.Contracts.GetContractAsync(new GetContractRequest { ContractId = registered.ContractId }, ContractsApp.Authority("NP"))).Version;
        await App.Contracts.TerminateContractAsync(new TerminateContractRequest
        {
            ContractId = registered.ContractId, ExpectedVersion = version, Termination = ContractStatus.Repatriated, EndedOn = CorridorScenario.Day(CorridorScenario.Today),
            Reason = "Worker repatriated", LegalBasis = "Foreign Employment Act 2064, s.75",
        }, ContractsApp.Authority("NP"));
        FileGrievanceRequest Filing(string account) => new()
        {
            Reference = registered.Reference, VerificationCode = registered.VerificationCode, Kind = Codes.GrievanceKind.WagesWithheld, Account = account,
        };

        await App.Contracts.FileGrievanceAsync(Filing("Back home; the last three months' wages were never paid."));

        App.Clock.Advance(TimeSpan.FromDays(190));
        var closed = await Assert.ThrowsAsync<RpcException>(() => App.Contracts.FileGrievanceAsync(Filing("And the end-of-service gratuity.")).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, closed.StatusCode);
        Assert.Contains($"ended on {CorridorScenario.Today:yyyy-MM-dd}", closed.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("6 months after the contract ended", closed.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("NP-QA labour agreement, art. 12 (test data)", closed.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, await App.CountAsync("SELECT COUNT(*) FROM grievance_filings"));
    }

    [Fact]
    public async Task A_wrong_code_files_nothing_and_answers_as_an_unknown_reference()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var registered = await Given.RegisterAsync(agency);
        FileGrievanceRequest Filing(string reference, string code) => new()
        {
            Reference = reference, VerificationCode = code, Kind = Codes.GrievanceKind.Retaliation, Account = "Threatened after I complained",
        };

        var wrong = await Assert.ThrowsAsync<RpcException>(() => App.ClientFrom("192.0.2.40").FileGrievanceAsync(
            Filing(registered.Reference, VerificationTests.OtherValidCode(registered.VerificationCode))).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => App.ClientFrom("192.0.2.41").FileGrievanceAsync(
            Filing("NP-QA-26-ZZZZZZ", registered.VerificationCode)).ResponseAsync);
        var listWrong = await Assert.ThrowsAsync<RpcException>(() => App.ClientFrom("192.0.2.42").ListWorkerGrievancesAsync(new ListWorkerGrievancesRequest
        {
            Reference = registered.Reference, VerificationCode = VerificationTests.OtherValidCode(registered.VerificationCode),
        }).ResponseAsync);
        var verifyUnknown = await Assert.ThrowsAsync<RpcException>(() => App.ClientFrom("192.0.2.43").VerifyContractAsync(
            new VerifyContractRequest { Reference = "NP-QA-26-ZZZZZZ", VerificationCode = registered.VerificationCode }).ResponseAsync);
        foreach (var ex in new[] { wrong, unknown, listWrong })
        {
            Assert.Equal(StatusCode.NotFound, ex.StatusCode);
            Assert.Equal(verifyUnknown.Status.Detail, ex.Status.Detail);
        }

        Assert.Equal(0, await App.CountAsync(
            "SELECT (SELECT COUNT(*) FROM grievance_filings) + (SELECT COUNT(*) FROM grievance_replicas) + (SELECT COUNT(*) FROM outbox WHERE message_type LIKE '%GrievanceFiled%')"));
    }

    public static TheoryData<string, Action<FileGrievanceRequest>> BadFilings => new()
    {
        { "reference", r => r.Reference = "" },
        { "verification_code", r => r.VerificationCode = "123" },
        { "kind", r => r.Kind = Codes.GrievanceKind.Unspecified },
        { "kind", r => r.Kind = (Codes.GrievanceKind)99 },
        { "account", r => r.Account = "" },
        { "account", r => r.Account = new string('a', 4001) },
        { "occurred_on", r => r.OccurredOn = new Contracts.Common.V1.Date { Year = 2026, Month = 13, Day = 1 } },
        { "occurred_on", r => r.OccurredOn = CorridorScenario.Day(CorridorScenario.Today.AddDays(3)) },
    };

    [Theory]
    [MemberData(nameof(BadFilings))]
    public async Task A_malformed_filing_names_its_field_and_files_nothing(string field, Action<FileGrievanceRequest> spoil)
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var registered = await Given.RegisterAsync(agency);
        var request = new FileGrievanceRequest
        {
            Reference = registered.Reference, VerificationCode = registered.VerificationCode, Kind = Codes.GrievanceKind.JobDeception, Account = "Promised a driver's job",
        };
        spoil(request);

        var refused = await Assert.ThrowsAsync<RpcException>(() => App.Contracts.FileGrievanceAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Equal(field, Assert.Single(refused.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
        Assert.Equal(0, await App.CountAsync("SELECT (SELECT COUNT(*) FROM grievance_filings) + (SELECT COUNT(*) FROM outbox WHERE message_type LIKE '%GrievanceFiled%')"));
    }

    /// <summary>
    /// The worker appeals a dismissal, once, while FeeAudits' last word says it may be appealed: GrievanceAppealed
    /// carries the grounds; a founded resolution or a closed window is refused, naming why.
    /// </summary>
    [Fact]
    public async Task A_worker_appeals_a_dismissal_once_until_its_deadline()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var registered = await Given.RegisterAsync(agency);
        var (reference, code) = (registered.Reference, registered.VerificationCode);
        foreach (var account in new[] { "Wages withheld for two months", "Passport kept by the employer", "Made to work on rest days" })
        {
            await App.Contracts.FileGrievanceAsync(new FileGrievanceRequest { Reference = reference, VerificationCode = code, Kind = Codes.GrievanceKind.WagesWithheld, Account = account });
        }

        var filed = (await App.Events.WaitAsync<GrievanceFiled>(e => e.Count >= 3, "the grievances published")).ToList();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await App.Bus.Publish(Changed(filed[0], 4, "DISMISSED", null) with { AppealDeadline = today.AddDays(30) });
        await App.Bus.Publish(Changed(filed[1], 4, "RESOLVED", null) with { Founded = true, AppealDeadline = today.AddDays(30) });
        await App.Bus.Publish(Changed(filed[2], 4, "DISMISSED", null) with { AppealDeadline = today.AddDays(-1) });
        var list = new ListWorkerGrievancesRequest { Reference = reference, VerificationCode = code };
        var shown = await Eventually.Until(async () => (await App.Contracts.ListWorkerGrievancesAsync(list)).Grievances.ToList(),
            g => g.All(x => x.State != Codes.GrievanceState.Received), TimeSpan.FromSeconds(30), "the decisions shown");
        Assert.Equal([true, false, false], shown.OrderBy(g => filed.FindIndex(f => f.GrievanceId.ToString() == g.GrievanceId)).Select(g => g.Appealable));

        var appeal = new AppealWorkerGrievanceRequest
        {
            Reference = reference, VerificationCode = code, GrievanceId = filed[0].GrievanceId.ToString(), Grounds = "I have my pay slips now",
        };
        var appealed = await App.Contracts.AppealGrievanceAsync(appeal);
        Assert.Equal(appealed.AppealedAt, (await App.Contracts.AppealGrievanceAsync(appeal)).AppealedAt);
        var published = Assert.Single(await App.Events.WaitAsync<GrievanceAppealed>(e => e.Count >= 1, "the appeal published"));
        Assert.Equal((filed[0].GrievanceId, registered.ContractId, "I have my pay slips now"), (published.GrievanceId, published.ContractId.ToString(), published.Grounds));
        Assert.False((await App.Contracts.ListWorkerGrievancesAsync(list)).Grievances.Single(g => g.GrievanceId == appeal.GrievanceId).Appealable);

        foreach (var (grievance, code2) in new[] { (filed[1], "RESOLVED"), (filed[2], "APPEAL_WINDOW_CLOSED") })
        {
            appeal.GrievanceId = grievance.GrievanceId.ToString();
            var refused = await Assert.ThrowsAsync<RpcException>(() => App.Contracts.AppealGrievanceAsync(appeal).ResponseAsync);
            Assert.Equal((StatusCode.FailedPrecondition, code2), (refused.StatusCode, refused.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Metadata["current_state"]));
        }

        appeal.GrievanceId = Guid.NewGuid().ToString();
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => App.Contracts.AppealGrievanceAsync(appeal).ResponseAsync)).StatusCode);
        await Task.Delay(500);
        Assert.Single(App.Events.All<GrievanceAppealed>());

        // Plain JSON, as the worker's page calls it.
        using var http = App.Http();
        using var again = await http.PostAsJsonAsync($"/v1/contracts/{reference}:appealGrievance",
            new { verificationCode = code, grievanceId = filed[0].GrievanceId.ToString(), grounds = "I have my pay slips now" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    private static GrievanceChanged Changed(GrievanceFiled filed, long version, string state, string? referredTo) => new()
    {
        GrievanceId = filed.GrievanceId, Version = version, ContractId = filed.ContractId, AgencyId = filed.AgencyId, OriginCountry = filed.OriginCountry,
        DestinationCountry = filed.DestinationCountry, Kind = filed.Kind, State = state, FiledBy = "WORKER", ReferredTo = referredTo, Founded = false,
        FiledAt = filed.OccurredAt, OccurredAt = DateTimeOffset.UtcNow,
    };
}
