using Dapper;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Testing;

namespace RecruitRegistry.WorkerContracts.Tests;

/// <summary>
/// Registrations at the same time, each in its own transaction: each gets its own answer, a refusal or a reused request
/// id touches no other registration, and a drawn reference already taken is drawn again (a caller that gives up:
/// RegistrationTests).
/// </summary>
public sealed class ConcurrentRegistrationTests(Servers servers) : ContractsTest(servers)
{
    [Fact]
    public async Task Concurrent_registrations_each_get_their_own_answer_in_their_own_transaction()
    {
        var licensed = await Given.CorridorWithAgencyAsync();
        var unlicensed = await Given.RegisterAgencyAsync(name: "Unlicensed Manpower Pvt. Ltd.");
        await App.WaitForReplicaAsync();

        // New requests and refused ones, all at once.
        var calls = Enumerable.Range(0, 30).Select(_ => Call(CorridorScenario.Registration(licensed), licensed))
            .Concat(Enumerable.Range(0, 4).Select(_ => Call(CorridorScenario.Registration(unlicensed), unlicensed)))
            .ToList();
        var outcomes = await Task.WhenAll(calls);
        var registered = outcomes.Take(30).Select(o => o.Reply ?? throw o.Error!).ToList();
        Assert.Equal(30, registered.Select(r => r.Reference).Distinct().Count());
        Assert.Equal(30, registered.Select(r => r.VerificationCode).Distinct().Count());
        Assert.All(outcomes.Skip(30), o => Assert.Equal(StatusCode.FailedPrecondition, o.Error?.StatusCode));
        Assert.Equal(30, await App.CountAsync("SELECT COUNT(*) FROM contracts"));
        // Rows of one transaction carry its id (xmin): one transaction per contract.
        Assert.Equal(30, await App.CountAsync("SELECT COUNT(DISTINCT xmin::text) FROM contracts"));

        // Retries of one request and one request id with two bodies, all at once: they race on the primary key, and the
        // loser runs again and is answered from the winner (or refused, when its body differs).
        var duplicated = CorridorScenario.Registration(licensed, Sex.M, requestId: Guid.NewGuid().ToString());
        var reusedId = Guid.NewGuid().ToString();
        outcomes = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Call(duplicated, licensed))
            .Concat([Call(CorridorScenario.Registration(licensed, Sex.F, requestId: reusedId), licensed), Call(CorridorScenario.Registration(licensed, Sex.M, requestId: reusedId), licensed)])
            .Concat(Enumerable.Range(0, 10).Select(_ => Call(CorridorScenario.Registration(licensed), licensed))));
        var duplicates = outcomes.Take(5).Select(o => o.Reply ?? throw o.Error!).ToList();
        Assert.Single(duplicates.Distinct());
        var reused = outcomes.Skip(5).Take(2).ToList();
        Assert.Single(reused, o => o.Reply is not null);
        Assert.Single(reused, o => o.Error?.StatusCode == StatusCode.AlreadyExists);
        registered.AddRange(outcomes.Skip(7).Select(o => o.Reply ?? throw o.Error!));

        Assert.Equal(42, await App.CountAsync("SELECT COUNT(*) FROM contracts"));
        Assert.Equal(42, await App.CountAsync("SELECT COUNT(*) FROM worker_views"));
        Assert.Equal(42, await App.CountAsync("SELECT COUNT(*) FROM registration_requests"));

        // Each answer is the contract it names: its code verifies it.
        foreach (var reply in registered.Concat(duplicates.Take(1)))
        {
            var verified = await App.Contracts.VerifyContractAsync(new VerifyContractRequest { Reference = reply.Reference, VerificationCode = reply.VerificationCode });
            Assert.Equal(reply.ContractId, verified.Contract.ContractId);
        }

        await App.Events.WaitAsync<ContractChanged>(e => e.Count >= 42, "42 ContractChanged");
        await Task.Delay(500);
        Assert.Equal(42, App.Events.All<ContractChanged>().Select(e => e.Contract.ContractId).Distinct().Count());
        Assert.Equal(42, App.Events.All<ContractChanged>().Count);
    }

    [Fact]
    public async Task A_registration_whose_transaction_fails_on_a_unique_key_runs_again_and_touches_no_other()
    {
        var agency = await Given.CorridorWithAgencyAsync();

        // Fault injection on the real server: the first insert of a contract for "Fail Once" raises a unique violation
        // (as a drawn reference already taken would), whatever transaction it is in; a sequence counts across rollbacks.
        await using (var connection = new NpgsqlConnection(App.ContractsDatabase))
        {
            await connection.ExecuteAsync("""
                CREATE SEQUENCE test_fail_once;
                CREATE FUNCTION test_fail_once() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.worker_full_name = 'Fail Once' AND nextval('test_fail_once') = 1 THEN
                        RAISE EXCEPTION 'injected: reference taken' USING ERRCODE = 'unique_violation';
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER test_fail_once BEFORE INSERT ON contracts FOR EACH ROW EXECUTE FUNCTION test_fail_once();
                """);
        }

        var failing = CorridorScenario.Registration(agency);
        failing.Worker.FullName = "Fail Once";
        var requests = Enumerable.Range(0, 24).Select(i => i == 12 ? failing : CorridorScenario.Registration(agency)).ToList();
        var outcomes = await Task.WhenAll(requests.Select(r => Call(r, agency)));

        Assert.All(outcomes, o => Assert.Null(o.Error));
        Assert.Equal(24, outcomes.Select(o => o.Reply!.ContractId).Distinct().Count());
        Assert.Equal(24, await App.CountAsync("SELECT COUNT(*) FROM contracts"));
        Assert.Equal(24, await App.CountAsync("SELECT COUNT(*) FROM outbox"));
        Assert.True(await App.CountAsync("SELECT last_value FROM test_fail_once") >= 2, "the injected fault fired once and the registration ran again");
        var failed = outcomes[12].Reply!;
        var verified = await App.Contracts.VerifyContractAsync(new VerifyContractRequest { Reference = failed.Reference, VerificationCode = failed.VerificationCode });
        Assert.Equal("Fail Once", verified.Contract.Worker.FullName);
        await App.Events.WaitAsync<ContractChanged>(e => e.Count >= 24, "24 ContractChanged");
        await Task.Delay(500);
        Assert.Equal(24, App.Events.All<ContractChanged>().Count);
    }

    private async Task<(RegisterContractReply? Reply, RpcException? Error)> Call(RegisterContractRequest request, Agency agency)
    {
        try
        {
            return (await App.Contracts.RegisterContractAsync(request, ContractsApp.Agency(agency.Id)), null);
        }
        catch (RpcException ex)
        {
            return (null, ex);
        }
    }
}

/// <summary>
/// The nested settings are checked like the service's own, by the validator the host uses
/// (<see cref="WorkerContractsOptionsValidator"/>, generated at compile time; ValidateDataAnnotations stopped at the first level).
/// </summary>
public sealed class WorkerContractsOptionsTests
{
    [Theory]
    [InlineData("Verification:FailuresPerClient", "0", "WorkerContractsOptions.Verification.FailuresPerClient")]
    [InlineData("Verification:Window", "00:00:00", "WorkerContractsOptions.Verification.Window")]
    [InlineData("Database:ConnectionString", "", "WorkerContractsOptions.Database.ConnectionString")]
    public void A_bad_nested_setting_is_refused_naming_it(string key, string value, string expected)
    {
        var result = new WorkerContractsOptionsValidator().Validate(Options.DefaultName, Bind((key, value)));
        Assert.True(result.Failed);
        Assert.Single(result.Failures!);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);

        Assert.True(new WorkerContractsOptionsValidator().Validate(Options.DefaultName, Bind()).Succeeded);
    }

    [Fact]
    public void The_secret_key_is_still_checked_by_the_options_own_rules()
    {
        var options = Bind(("SecretKey", Convert.ToBase64String(new byte[16])));
        var result = new WorkerContractsOptionsValidator().Validate(Options.DefaultName, options);
        Assert.True(result.Failed);
        Assert.Contains("WorkerContracts:SecretKey must be base64 of at least 32 bytes", result.FailureMessage, StringComparison.Ordinal);
    }

    /// <summary>The settings as configuration binds them: valid ones, with <paramref name="overrides"/> on top.</summary>
    private static WorkerContractsOptions Bind(params (string Key, string Value)[] overrides) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["SecretKey"] = Convert.ToBase64String(new byte[32]),
                ["Database:ConnectionString"] = "Data Source=contracts.db",
            })
            .AddInMemoryCollection(overrides.Select(o => KeyValuePair.Create(o.Key, (string?)o.Value)))
            .Build()
            .Get<WorkerContractsOptions>()!;
}
