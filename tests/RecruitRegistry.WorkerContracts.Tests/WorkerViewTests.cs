using Dapper;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.IntegrationEvents;
using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.Testing;
using RecruitRegistry.WorkerContracts.ReadModel;
using RecruitRegistry.WorkerContracts.Verification;
using AuditOutcome = RecruitRegistry.Contracts.WorkerContracts.V1.AuditOutcome;

namespace RecruitRegistry.WorkerContracts.Tests;

/// <summary>
/// The workers' read model (worker_views): what VerifyContract answers is written by every change, not computed at
/// the verification. Each step below compares it with the contract as an auditor reads it from the tables.
/// </summary>
public sealed class WorkerViewTests(Servers servers) : ContractsTest(servers)
{
    [Fact]
    public async Task After_every_change_the_worker_sees_the_contract_as_an_auditor_reads_it_from_the_tables()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var registered = await Given.RegisterAsync(agency, sector: Sector.DomesticWork);
        var id = registered.ContractId;
        var contractId = Guid.Parse(id);
        var verify = new VerifyContractRequest { Reference = registered.Reference, VerificationCode = registered.VerificationCode };
        await SameAsTablesAsync(verify, id, AuditOutcome.Pending);

        // An audit of the registered terms arrives from FeeAudits.
        await App.Bus.Publish(Audit(contractId, contractVersion: 1, IntegrationEvents.FeeAudits.AuditOutcome.Compliant));
        await Eventually.Until(() => App.Contracts.VerifyContractAsync(verify).ResponseAsync, r => r.Contract.AuditOutcome == AuditOutcome.Compliant,
            TimeSpan.FromSeconds(30), "the audit in the worker's view");
        await SameAsTablesAsync(verify, id, AuditOutcome.Compliant);

        await App.Contracts.EndorseContractAsync(new EndorseContractRequest
        {
            ContractId = id, ExpectedVersion = 1, Endorse = true, Reason = "Standard contract", LegalBasis = "Law No. 15 of 2017",
        }, ContractsApp.Authority("QA"));
        var endorsed = await SameAsTablesAsync(verify, id, AuditOutcome.Compliant);
        Assert.Equal(ContractStatus.Endorsed, endorsed.Status);

        // New terms: not audited yet, to be endorsed again.
        await App.Contracts.AmendContractAsync(new AmendContractRequest
        {
            ContractId = id, ExpectedVersion = 2, Terms = CorridorScenario.Terms(Sector.DomesticWork, wage: "1400.00"), Fees = { CorridorScenario.ServiceFee() },
            Reason = "Wage raised", WorkerConsentRecorded = true,
        }, ContractsApp.Agency(agency.Id));
        var amended = await SameAsTablesAsync(verify, id, AuditOutcome.Pending);
        Assert.Equal("1400.00", amended.Terms.MonthlyBasicWage.Amount);
        Assert.Equal(EndorsementState.Pending, amended.Endorsement.State);

        // A re-audit of the old terms, delivered now, is kept for that version but is not what the worker sees.
        await App.Bus.Publish(Audit(contractId, contractVersion: 2, IntegrationEvents.FeeAudits.AuditOutcome.Violation, version: 2));
        await Eventually.Until(() => App.CountAsync("SELECT COUNT(*) FROM inbox WHERE consumer = 'contracts.contract-audited'"), n => n == 2,
            TimeSpan.FromSeconds(30), "the old terms' re-audit handled");
        Assert.Equal(AuditOutcome.Violation, (await App.Contracts.ListContractVersionsAsync(new GetContractRequest { ContractId = id }, ContractsApp.Auditor("QA"))).Versions[0].AuditOutcome);
        await SameAsTablesAsync(verify, id, AuditOutcome.Pending);

        // The audit of the new terms.
        await App.Bus.Publish(Audit(contractId, contractVersion: 3, IntegrationEvents.FeeAudits.AuditOutcome.Violation));
        await Eventually.Until(() => App.Contracts.VerifyContractAsync(verify).ResponseAsync, r => r.Contract.AuditOutcome == AuditOutcome.Violation,
            TimeSpan.FromSeconds(30), "the new terms' audit in the worker's view");
        var violation = await SameAsTablesAsync(verify, id, AuditOutcome.Violation);
        Assert.Equal("15000", Assert.Single(violation.AuditFindings).Excess.Amount);

        await App.Contracts.TerminateContractAsync(new TerminateContractRequest
        {
            ContractId = id, ExpectedVersion = 3, Termination = ContractStatus.EndedByWorker, EndedOn = CorridorScenario.Day(CorridorScenario.Today),
            Reason = "Worker resigned", LegalBasis = "Labour Law No. 14 of 2004, art. 51",
        }, ContractsApp.Authority("NP"));
        var ended = await SameAsTablesAsync(verify, id, AuditOutcome.Violation);
        Assert.Equal(ContractStatus.EndedByWorker, ended.Status);
        Assert.Equal("Worker resigned", ended.Termination.Decision.Reason);
    }

    [Fact]
    public async Task Contracts_registered_before_the_read_model_existed_get_their_view_from_an_audit_or_at_the_next_start()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var plain = await Given.RegisterAsync(agency);
        var endorsed = await Given.RegisterAsync(agency, sex: Sex.M);
        await App.Contracts.EndorseContractAsync(new EndorseContractRequest
        {
            ContractId = endorsed.ContractId, ExpectedVersion = 1, Endorse = true, Reason = "r", LegalBasis = "l",
        }, ContractsApp.Authority("QA"));
        await App.Bus.Publish(Audit(Guid.Parse(endorsed.ContractId), contractVersion: 1, IntegrationEvents.FeeAudits.AuditOutcome.Compliant));
        await Eventually.Until(() => App.CountAsync("SELECT COUNT(*) FROM inbox WHERE consumer = 'contracts.contract-audited'"), n => n == 1,
            TimeSpan.FromSeconds(30), "the audit handled");

        // A database migrated to 0004 over existing contracts: the table is there, the views are not.
        Assert.Equal(2, await App.CountAsync("WITH gone AS (DELETE FROM worker_views RETURNING 1) SELECT COUNT(*) FROM gone"));
        var missing = await Assert.ThrowsAsync<RpcException>(() => App.ClientFrom("192.0.2.50").VerifyContractAsync(Verify(plain)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);

        // An audit arriving meanwhile writes the view of its contract from the tables.
        await App.Bus.Publish(Audit(Guid.Parse(plain.ContractId), contractVersion: 1, IntegrationEvents.FeeAudits.AuditOutcome.Compliant));
        await Eventually.Until(() => App.CountAsync("SELECT COUNT(*) FROM worker_views"), n => n == 1, TimeSpan.FromSeconds(30), "the audited contract's view");
        await SameAsTablesAsync(Verify(plain), plain.ContractId, AuditOutcome.Compliant);

        // The service's start writes the others (the hosted service runs after the migrations, before the server answers).
        var backfill = App.Services.GetServices<IHostedService>().OfType<WorkerViewBackfill>().Single();
        await backfill.StartingAsync(CancellationToken.None);
        Assert.Equal(2, await App.CountAsync("SELECT COUNT(*) FROM worker_views"));
        var view = await SameAsTablesAsync(Verify(endorsed), endorsed.ContractId, AuditOutcome.Compliant);
        Assert.Equal(ContractStatus.Endorsed, view.Status);

        // Once written, a start has nothing to do.
        Assert.Equal(0, await WorkerViewBackfill.BackfillAsync(App.Services.GetRequiredService<WorkerContractsDatabase>(), CancellationToken.None));
    }

    [Fact]
    public async Task The_verification_read_planned_on_an_empty_table_stays_a_primary_key_look_up_as_the_table_fills()
    {
        // The shared read runs on sessions that plan a prepared statement once (force_generic_plan) and keep that plan
        // until PostgreSQL invalidates it. A service starts on an empty worker_views, so the plan its first verification
        // makes is the one it may keep while the table grows to millions: it must use the primary key then, too.
        // Autovacuum is off for the table so that no ANALYZE replans the statement behind the test's back.
        var database = App.Services.GetRequiredService<WorkerContractsDatabase>();
        await using var connection = await database.OpenListReadConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync("ALTER TABLE worker_views SET (autovacuum_enabled = false)");
        Assert.Equal("force_generic_plan", await connection.QuerySingleAsync<string>("SHOW plan_cache_mode"));
        var statement = WorkerViewSql.ByReferences(database.Dialect).Replace("@References", "$1", StringComparison.Ordinal);
        await connection.ExecuteAsync($"PREPARE plan_test(text[]) AS {statement}");
        try
        {
            Assert.Equal(0, await App.CountAsync("SELECT COUNT(*) FROM worker_views"));
            var empty = await PlanAsync();

            await connection.ExecuteAsync("""
                INSERT INTO worker_views (reference, contract_id, code_hash, agency_id, origin_country, contract_view)
                SELECT 'NP-QA-26-' || n, gen_random_uuid(), md5(n::text), gen_random_uuid(), 'NP', decode(repeat('0a', 450), 'hex')
                FROM generate_series(1, 50000) n
                """);
            var full = await PlanAsync();

            foreach (var plan in new[] { empty, full })
            {
                Assert.Contains("worker_views_pkey", plan, StringComparison.Ordinal);
                Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
            }

            // The plan kept is the plan made on the empty table, and it finds one contract among 50,000 in a few pages.
            Assert.Equal(empty, full);
            var executed = await connection.QuerySingleAsync<string>("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE plan_test(ARRAY['NP-QA-26-31337'])");
            using var json = System.Text.Json.JsonDocument.Parse(executed);
            var root = json.RootElement[0].GetProperty("Plan");
            Assert.Equal(1, root.GetProperty("Actual Rows").GetInt32());
            Assert.InRange(root.GetProperty("Shared Hit Blocks").GetInt32() + root.GetProperty("Shared Read Blocks").GetInt32(), 1, 10);
        }
        finally
        {
            await connection.ExecuteAsync("DEALLOCATE plan_test");
        }

        async Task<string> PlanAsync() =>
            string.Join('\n', await connection.QueryAsync<string>("EXPLAIN (COSTS OFF) EXECUTE plan_test(ARRAY['NP-QA-26-7'])"));
    }

    /// <summary>The worker's view equals the contract read from the tables by an auditor of the destination.</summary>
    private async Task<ContractView> SameAsTablesAsync(VerifyContractRequest verify, string contractId, AuditOutcome outcome)
    {
        var seen = (await App.Contracts.VerifyContractAsync(verify)).Contract;
        var tables = await App.Contracts.GetContractAsync(new GetContractRequest { ContractId = contractId }, ContractsApp.Auditor("QA"));
        Assert.Equal(tables, seen);
        Assert.Equal(outcome, seen.AuditOutcome);
        return seen;
    }

    private static VerifyContractRequest Verify(RegisterContractReply registered) =>
        new() { Reference = registered.Reference, VerificationCode = registered.VerificationCode };

    private static ContractAudited Audit(Guid contractId, long contractVersion, IntegrationEvents.FeeAudits.AuditOutcome outcome, long version = 1) => new()
    {
        ContractId = contractId,
        ContractVersion = contractVersion,
        Version = version,
        Outcome = outcome,
        Findings = outcome == IntegrationEvents.FeeAudits.AuditOutcome.Violation
            ? [new IntegrationEvents.FeeAudits.AuditFinding("NP cap NPR 10,000 per worker", "RECRUITMENT_SERVICE", new EventMoney("NPR", 25000m), new EventMoney("NPR", 10000m), new EventMoney("NPR", 15000m))]
            : [],
        OriginCountry = "NP",
        DestinationCountry = "QA",
        OccurredAt = DateTimeOffset.UtcNow,
    };
}
