using Dapper;
using Google.Rpc;
using Grpc.Core;
using Npgsql;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Testing;

namespace RecruitRegistry.WorkerContracts.Tests;

/// <summary>Registration: authorised against the replica of Licensing, refused with CheckAuthorization's reasons, idempotent.</summary>
public sealed class RegistrationTests(Servers servers) : ContractsTest(servers)
{
    [Fact]
    public async Task A_licensed_agency_registers_and_gets_a_reference_a_one_time_code_and_a_fingerprint()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var reply = await Given.RegisterAsync(agency);

        Assert.Matches(@"^NP-QA-\d{2}-[0-9A-HJKMNP-TV-Z]{6}$", reply.Reference);
        Assert.Matches(@"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", reply.VerificationCode);
        Assert.Matches("^[0-9a-f]{64}$", reply.TermsFingerprint);
        Assert.Equal(1, reply.Version);

        // Stored: no verification code and no passport number in clear, anywhere in the row.
        var code = reply.VerificationCode.Replace("-", "", StringComparison.Ordinal);
        Assert.Equal(0, await App.CountAsync($"SELECT COUNT(*) FROM contracts c WHERE c::text LIKE '%{code}%' OR c::text LIKE '%PA1234567%'"));
        Assert.Equal(1, await App.CountAsync("SELECT COUNT(*) FROM contracts"));

        var events = await App.Events.WaitAsync<ContractChanged>(e => e.Count == 1, "ContractChanged");
        var published = events[0];
        Assert.Equal(ContractChange.Registered, published.Change);
        Assert.Equal(reply.Reference, published.Contract.Reference);
        Assert.Equal("F", published.Contract.WorkerSex);
        Assert.Equal(reply.TermsFingerprint, published.Contract.TermsFingerprint);
        var json = System.Text.Json.JsonSerializer.Serialize(published);
        Assert.DoesNotContain("Sita", json, StringComparison.Ordinal);
        Assert.DoesNotContain("PA1234567", json, StringComparison.Ordinal);
        Assert.DoesNotContain(code, json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusals_give_the_reasons_checkauthorization_gives()
    {
        var agency = await Given.CorridorWithAgencyAsync();

        // A sector the corridor does not cover.
        var hospitality = CorridorScenario.Registration(agency);
        hospitality.Terms.Job.Sector = Sector.Hospitality;
        await AssertRefusedLikeLicensingAsync(agency, hospitality, Sector.Hospitality);

        // No corridor to Saudi Arabia.
        var saudi = CorridorScenario.Registration(agency);
        saudi.DestinationCountry = "SA";
        saudi.Terms.Employer.Country = "SA";
        saudi.Terms.MonthlyBasicWage = new Money { CurrencyCode = "SAR", Amount = "1500.00" };
        await AssertRefusedLikeLicensingAsync(agency, saudi, Sector.Construction, "SA");

        // A licence suspended a moment ago: the replica update arrives first, the next registration is refused.
        var licence = (await App.Licensing.SearchRegistryAsync(new SearchRegistryRequest { Country = "NP" })).Entries[0].Licences
            .Single(l => l.Kind == LicenceKind.OriginLicence);
        await App.Licensing.SuspendLicenceAsync(new SuspendLicenceRequest
        {
            Decision = new LicenceDecisionRequest { LicenceId = licence.Id, ExpectedVersion = licence.Version, Reason = "Unreceipted fees", LegalBasis = "Foreign Employment Act 2064, s.24" },
        }, ContractsApp.Authority("NP"));
        await App.WaitForReplicaAsync();
        await AssertRefusedLikeLicensingAsync(agency, CorridorScenario.Registration(agency), Sector.Construction);
        Assert.Equal(0, await App.CountAsync("SELECT COUNT(*) FROM contracts"));
    }

    [Fact]
    public async Task Without_the_destination_accreditation_the_corridor_requires_registration_is_refused()
    {
        await Given.OpenCorridorAsync();
        var agency = await Given.RegisterAgencyAsync();
        await Given.IssueOriginLicenceAsync(agency);
        await App.WaitForReplicaAsync();
        var reasons = await AssertRefusedLikeLicensingAsync(agency, CorridorScenario.Registration(agency), Sector.Construction);
        Assert.Contains(reasons, r => r.Contains("no accreditation from QA although the NP→QA corridor requires one", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_licence_that_expires_before_the_start_date_refuses_registration()
    {
        await Given.OpenCorridorAsync();
        var agency = await Given.RegisterAgencyAsync();
        await Given.IssueOriginLicenceAsync(agency, until: CorridorScenario.Today.AddDays(10));
        await Given.AccreditAsync(agency);
        await App.WaitForReplicaAsync();
        var ex = await Assert.ThrowsAsync<RpcException>(() => App.Contracts.RegisterContractAsync(CorridorScenario.Registration(agency), ContractsApp.Agency(agency.Id)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Contains(Reasons(ex), r => r.Contains("EXPIRED on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_worker_under_the_corridor_minimum_age_on_the_start_date_is_refused()
    {
        var agency = await Given.CorridorWithAgencyAsync(minimumAge: 21);
        var start = CorridorScenario.Today.AddDays(30);

        var tooYoung = CorridorScenario.Registration(agency, born: start.AddYears(-21).AddDays(1));
        var ex = await Assert.ThrowsAsync<RpcException>(() => App.Contracts.RegisterContractAsync(tooYoung, ContractsApp.Agency(agency.Id)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Contains(Reasons(ex), r => r.Contains("the worker is 20 on the start date", StringComparison.Ordinal) && r.Contains("minimum age is 21", StringComparison.Ordinal));

        // Twenty-one on the very start date is old enough.
        var exactly = CorridorScenario.Registration(agency, born: start.AddYears(-21));
        await App.Contracts.RegisterContractAsync(exactly, ContractsApp.Agency(agency.Id));
    }

    [Fact]
    public async Task A_retry_returns_the_first_answer_and_never_a_second_contract()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var request = CorridorScenario.Registration(agency, requestId: Guid.NewGuid().ToString());
        var first = await App.Contracts.RegisterContractAsync(request, ContractsApp.Agency(agency.Id));
        var retry = await App.Contracts.RegisterContractAsync(request, ContractsApp.Agency(agency.Id));
        Assert.Equal(first, retry);

        // Ten concurrent retries of a new request: one contract, one answer.
        var concurrent = CorridorScenario.Registration(agency, Sex.M, requestId: Guid.NewGuid().ToString());
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            App.Contracts.RegisterContractAsync(concurrent, ContractsApp.Agency(agency.Id)).ResponseAsync));
        Assert.Single(answers.Select(a => a.ContractId).Distinct());
        Assert.Single(answers.Select(a => a.VerificationCode).Distinct());
        Assert.Equal(2, await App.CountAsync("SELECT COUNT(*) FROM contracts"));

        // The same request id for another contract is refused.
        var other = CorridorScenario.Registration(agency, Sex.M, requestId: request.RequestId);
        var ex = await Assert.ThrowsAsync<RpcException>(() => App.Contracts.RegisterContractAsync(other, ContractsApp.Agency(agency.Id)).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, ex.StatusCode);
        Assert.Equal(2, await App.CountAsync("SELECT COUNT(*) FROM contracts"));
        await App.Events.WaitAsync<ContractChanged>(e => e.Count >= 2, "two ContractChanged");
        await Task.Delay(500);
        Assert.Equal(2, App.Events.All<ContractChanged>().Count);
    }

    [Fact]
    public async Task A_registration_whose_caller_gave_up_leaves_nothing_behind_and_its_retry_registers_it()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        await App.WaitForReplicaAsync();
        var abandoned = CorridorScenario.Registration(agency);
        var other = CorridorScenario.Registration(agency, Sex.M);

        // A slow database, injected on the real server: a transaction holds the contracts table so that no insert can
        // go through (reads still can). The registrations read, then wait on the lock inside their transactions.
        await using var blocker = new NpgsqlConnection(App.ContractsDatabase);
        await blocker.OpenAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await blocker.ExecuteAsync("LOCK TABLE contracts IN EXCLUSIVE MODE", transaction: hold);

        // The first registration alone, until its transaction waits on the lock: the service has it. Then another.
        using var giveUp = new CancellationTokenSource();
        var abandonedCall = App.Contracts.RegisterContractAsync(abandoned, ContractsApp.Agency(agency.Id).WithCancellationToken(giveUp.Token)).ResponseAsync;
        await Eventually.Until(
            () => App.CountAsync("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"),
            waiting => waiting == 1, TimeSpan.FromSeconds(30), "the registration to wait on the lock");
        var otherCall = App.Contracts.RegisterContractAsync(other, ContractsApp.Agency(agency.Id)).ResponseAsync;

        // The agency's client gives up (a deadline, a closed laptop): its registration's transaction ends with the call.
        giveUp.Cancel();
        var cancelled = await Assert.ThrowsAsync<RpcException>(() => abandonedCall);
        Assert.Equal(StatusCode.Cancelled, cancelled.StatusCode);
        await Eventually.Until(
            () => App.CountAsync("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"),
            waiting => waiting == 1, TimeSpan.FromSeconds(30), "only the other registration to wait on the lock");

        // The database recovers: the other caller's registration commits, the abandoned one left nothing.
        await hold.CommitAsync();
        var answered = await otherCall;
        Assert.Equal(1, await App.CountAsync("SELECT COUNT(*) FROM contracts"));
        Assert.Equal(0, await App.CountAsync($"SELECT COUNT(*) FROM registration_requests WHERE request_id = '{abandoned.RequestId}'"));

        // The retry with the same request id registers the contract now, with a code that verifies it.
        var retry = await App.Contracts.RegisterContractAsync(abandoned, ContractsApp.Agency(agency.Id));
        Assert.NotEqual(answered.ContractId, retry.ContractId);
        Assert.Equal(2, await App.CountAsync("SELECT COUNT(*) FROM contracts"));
        var verified = await App.Contracts.VerifyContractAsync(new VerifyContractRequest { Reference = retry.Reference, VerificationCode = retry.VerificationCode });
        Assert.Equal(retry.ContractId, verified.Contract.ContractId);
        Assert.Equal(abandoned.Worker.FullName, verified.Contract.Worker.FullName);

        await App.Events.WaitAsync<ContractChanged>(e => e.Count >= 2, "two ContractChanged");
        await Task.Delay(500);
        Assert.Equal(2, App.Events.All<ContractChanged>().Count);
    }

    [Fact]
    public async Task The_origin_authority_registers_on_a_workers_behalf()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var reply = await App.Contracts.RegisterContractAsync(CorridorScenario.Registration(agency), ContractsApp.Authority("NP"));
        var view = await App.Contracts.GetContractAsync(new GetContractRequest { ContractId = reply.ContractId }, ContractsApp.Agency(agency.Id));
        Assert.Equal(agency.Id, view.AgencyId);
    }

    /// <summary>Registration is refused with exactly the reasons Licensing's CheckAuthorization gives today.</summary>
    private async Task<IReadOnlyList<string>> AssertRefusedLikeLicensingAsync(Agency agency, RegisterContractRequest request, Sector sector, string destination = "QA")
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => App.Contracts.RegisterContractAsync(request, ContractsApp.Agency(agency.Id)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        var check = await App.Licensing.CheckAuthorizationAsync(new CheckAuthorizationRequest
        {
            AgencyId = agency.Id, OriginCountry = "NP", DestinationCountry = destination, Sector = sector,
        });
        Assert.False(check.Authorized);
        var reasons = Reasons(ex);
        Assert.Equal(check.Reasons, reasons.Take(check.Reasons.Count));
        return reasons;
    }

    private static List<string> Reasons(RpcException ex) =>
        ex.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations.Select(v => v.Description).ToList();
}
