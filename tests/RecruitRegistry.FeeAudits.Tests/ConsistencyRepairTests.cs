using Dapper;
using Npgsql;
using RecruitRegistry.Ctl.Consistency;
using RecruitRegistry.Testing;

namespace RecruitRegistry.FeeAudits.Tests;

/// <summary>
/// The consistency tool against the three services: replica rows corrupted by hand (one lost, one stale, one deleted)
/// are found by comparing the corridor digests, and repaired by their owners republishing the corridor.
/// </summary>
public sealed class ConsistencyRepairTests(Servers servers) : FeeAuditsTest(servers)
{
    [Fact]
    public async Task Corrupted_replicas_are_found_by_the_digests_and_repaired_by_the_owners_republishing()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var registered = await Given.RegisterAsync(agency, serviceFee: "10000.00"); // Qatar, Art. 33: a VIOLATION, so a case
        var contractId = Guid.Parse(registered.ContractId);
        await Given.AuditOfAsync(contractId, 1, "NP");
        await Given.CaseOfAsync(contractId);
        await App.Contracts.FileGrievanceAsync(new Contracts.WorkerContracts.V1.FileGrievanceRequest
        {
            Reference = registered.Reference, VerificationCode = registered.VerificationCode, Kind = Contracts.FeeAudits.V1.GrievanceKind.WagesWithheld,
            Account = "Two months unpaid",
        });
        var checker = new CorridorChecker(App.Licensing, App.Contracts, App.Audits, FeeAuditsApp.Authority("NP"));
        var start = await Eventually.Until(() => checker.CompareAsync("NP", "QA"), c => c.All(k => k.Agrees), TimeSpan.FromSeconds(30), "every replica to catch up");
        Assert.Equal(
            ["agency FeeAudits", "agency WorkerContracts", "case WorkerContracts", "contract FeeAudits", "corridor FeeAudits", "corridor WorkerContracts",
                "grievance WorkerContracts", "licence WorkerContracts"],
            start.Select(c => $"{c.Kind} {c.Holder}").Order(StringComparer.Ordinal));

        // By hand: FeeAudits loses its contract row, WorkerContracts' licence replica goes back a version and its case
        // and grievance replicas lose their rows.
        await using (var audits = new NpgsqlConnection(App.AuditsDatabase))
        {
            Assert.Equal(1, await audits.ExecuteAsync("DELETE FROM contract_replicas WHERE id = @Id", new { Id = contractId }));
        }

        await using (var contracts = new NpgsqlConnection(App.ContractsDatabase))
        {
            Assert.Equal(1, await contracts.ExecuteAsync(
                "UPDATE licence_replicas SET version = version - 1 WHERE id = (SELECT id FROM licence_replicas WHERE agency_id = @Agency ORDER BY id LIMIT 1)",
                new { Agency = Guid.Parse(agency.Id) }));
            Assert.Equal(1, await contracts.ExecuteAsync("DELETE FROM case_replicas WHERE contract_id = @Id", new { Id = contractId }));
            Assert.Equal(1, await contracts.ExecuteAsync("DELETE FROM grievance_replicas WHERE contract_id = @Id", new { Id = contractId }));
        }

        var found = await checker.CheckAsync("NP", "QA", repair: false, wait: TimeSpan.Zero);
        Assert.False(found.ConsistentBefore);
        Assert.Empty(found.Republished);
        Assert.True(found.Before.Count(c => !c.Agrees) == 4, "found: " + string.Join("; ", found.Before));
        Assert.Equal(["case WorkerContracts", "contract FeeAudits", "grievance WorkerContracts", "licence WorkerContracts"],
            found.Before.Where(c => !c.Agrees).Select(c => $"{c.Kind} {c.Holder}").Order(StringComparer.Ordinal));

        var repaired = await checker.CheckAsync("NP", "QA", repair: true, wait: TimeSpan.FromSeconds(30));
        Assert.True(repaired.ConsistentAfter, string.Join("; ", repaired.After));
        Assert.Equal(["FeeAudits", "Licensing", "WorkerContracts"], repaired.Republished.Select(r => r.Split(':')[0]));
        Assert.True(repaired.Repaired.Count() == 4, "before: " + string.Join("; ", repaired.Before) + " after: " + string.Join("; ", repaired.After));
        Assert.Equal(["case WorkerContracts", "contract FeeAudits", "grievance WorkerContracts", "licence WorkerContracts"],
            repaired.Repaired.Select(c => $"{c.Kind} {c.Holder}").Order(StringComparer.Ordinal));

        // The restored contract row carries its audit again (reports count it), though the contract was not audited twice.
        Assert.Equal("VIOLATION", await App.ScalarAsync<string>(App.AuditsDatabase, "SELECT audit_outcome FROM contract_replicas WHERE id = @Id", new { Id = contractId }));
        Assert.Equal(1, await App.CountAsync("SELECT COUNT(*) FROM audits WHERE contract_id = @Id", new { Id = contractId }));
        Assert.Equal(1, await App.CountAsync("SELECT COUNT(*) FROM cases WHERE contract_id = @Id", new { Id = contractId }));
    }
}
