using MassTransit;
using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Testing;
using ProtoOutcome = RecruitRegistry.Contracts.WorkerContracts.V1.AuditOutcome;

namespace RecruitRegistry.FeeAudits.Tests;

/// <summary>
/// ContractChanged is consumed in batches, one transaction per batch. A batch with a repeated message and a message that
/// cannot be applied: every good message is applied exactly once, the bad one alone is not.
/// </summary>
public sealed class BatchConsumptionTests(Servers servers) : FeeAuditsTest(servers)
{
    // A batch collects for a whole second after its first message, so everything published below arrives in one batch.
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Platform:BatchTimeLimit"] = "00:00:01" };

    [Fact]
    public async Task A_bad_message_holds_back_only_itself_and_a_repeated_one_is_applied_once()
    {
        var good = Enumerable.Range(0, 5)
            .Select(i => Scenario.Contract("NP-QA", "CONSTRUCTION", "2026-03-01", "QAR 1000.00", i % 2 == 0 ? [] : ["RECRUITMENT_SERVICE NPR 8000.00"]))
            .ToList();
        var bad = Scenario.Contract("NP-QA", "CONSTRUCTION", "2026-03-01", "QAR 1000.00", []);
        bad = bad with { Contract = bad.Contract with { Fees = null! } }; // a malformed message: applying it throws
        var repeatedId = Guid.NewGuid();

        await Task.WhenAll(
            App.Bus.Publish(good[0], c => c.MessageId = repeatedId),
            App.Bus.Publish(good[1]),
            App.Bus.Publish(bad),
            App.Bus.Publish(good[2]),
            App.Bus.Publish(good[0], c => c.MessageId = repeatedId), // redelivered: the same message id
            App.Bus.Publish(good[3]),
            App.Bus.Publish(good[4]));

        var audited = await App.Events.WaitAsync<ContractAudited>(e => e.Count >= 5, "five audits");
        await Task.Delay(TimeSpan.FromSeconds(3)); // the bad message's retries are over by now, and any duplicate has arrived
        audited = App.Events.All<ContractAudited>();

        Assert.Equal(good.Select(c => c.ContractId).Order(), audited.Select(a => a.ContractId).Order());
        Assert.Equal(5, await App.CountAsync("SELECT COUNT(*) FROM audits"));
        Assert.Equal(0, await App.CountAsync("SELECT COUNT(*) FROM audits WHERE contract_id = @Id", new { Id = bad.ContractId }));
        Assert.Equal(5, await App.CountAsync("SELECT COUNT(*) FROM inbox WHERE consumer = 'feeaudits.contract-changed'"));
        Assert.Equal(2, await App.CountAsync("SELECT COUNT(*) FROM cases")); // the two with a fee, once each

        // They were one batch: it failed as a whole, was retried and went to the error queue with the bad message; the
        // good ones, applied one by one after the batch failed, were harmless on every retry (and will be on a replay).
        var faulted = App.Events.All<Fault<ContractChanged>>().Select(f => f.Message.ContractId).Distinct().Order();
        Assert.Equal(good.Select(c => c.ContractId).Append(bad.ContractId).Order(), faulted);
    }

    [Fact]
    public async Task One_batch_audits_each_terms_version_once_at_the_rate_of_its_own_signing_day()
    {
        // Test data, not market rates: MYR 1 = NPR 25.00 from 2026-01-01, NPR 30.00 from 2026-03-01. Nepal caps what a
        // worker bound for Malaysia pays at NPR 10,000: MYR 380 is NPR 9,500 before March and NPR 11,400 after.
        await Given.RateAsync("MYR", "NPR", "25.00", new DateOnly(2026, 1, 1), "NP");
        await Given.RateAsync("MYR", "NPR", "30.00", new DateOnly(2026, 3, 1), "NP");

        // Applied on its own first; delivered again inside the batch below (same message id): not applied twice.
        var earlier = Scenario.Contract("NP-MY", "MANUFACTURING", "2026-02-10", "MYR 1500.00", ["RECRUITMENT_SERVICE MYR 380.00"]);
        var earlierId = Guid.NewGuid();
        await App.Bus.Publish(earlier, c => c.MessageId = earlierId);
        await Given.AuditOfAsync(earlier.ContractId, 1, "NP");

        var february = Scenario.Contract("NP-MY", "MANUFACTURING", "2026-02-10", "MYR 1500.00", ["RECRUITMENT_SERVICE MYR 380.00"]);
        var march = Scenario.Contract("NP-MY", "MANUFACTURING", "2026-03-10", "MYR 1500.00", ["RECRUITMENT_SERVICE MYR 380.00"]);
        // One contract three times in the batch: registered, endorsed (same terms), amended (new terms, a higher fee).
        var registered = Scenario.Contract("NP-MY", "MANUFACTURING", "2026-02-10", "MYR 1500.00", ["RECRUITMENT_SERVICE MYR 300.00"]);
        var endorsed = registered with { Version = 2, Change = ContractChange.Endorsed, Contract = registered.Contract with { Status = "ENDORSED" } };
        var amended = Scenario.Contract("NP-MY", "MANUFACTURING", "2026-02-10", "MYR 1500.00", ["RECRUITMENT_SERVICE MYR 500.00"],
            contractId: registered.ContractId, agencyId: registered.Contract.AgencyId, version: 3, termsVersion: 2);

        // In this order, as the outbox relays them: one batch (it collects for a second).
        foreach (var message in new[] { february, registered, endorsed })
        {
            await App.Bus.Publish(message);
        }

        await App.Bus.Publish(earlier, c => c.MessageId = earlierId);
        await App.Bus.Publish(march);
        await App.Bus.Publish(amended);

        var feb = await Given.AuditOfAsync(february.ContractId, 1, "NP");
        var mar = await Given.AuditOfAsync(march.ContractId, 1, "NP");
        var first = await Given.AuditOfAsync(registered.ContractId, 1, "NP");
        var second = await Given.AuditOfAsync(registered.ContractId, 2, "NP");

        Assert.Equal(ProtoOutcome.Compliant, feb.Outcome); // NPR 9,500 at February's rate
        Assert.Equal(ProtoOutcome.Violation, mar.Outcome); // NPR 11,400 at March's rate
        Assert.Equal("NPR 1400.00", Excess(mar));
        Assert.Equal(ProtoOutcome.Compliant, first.Outcome); // MYR 300 = NPR 7,500
        Assert.Equal(ProtoOutcome.Violation, second.Outcome); // MYR 500 = NPR 12,500
        Assert.Equal("NPR 2500.00", Excess(second));

        // Every terms version audited and published once; the two violations opened a case each, and nothing else did.
        await Eventually.Until(() => App.CountAsync("SELECT COUNT(*) FROM inbox WHERE consumer = 'feeaudits.contract-changed'"), n => n == 6,
            TimeSpan.FromSeconds(30), "the six distinct messages handled");
        Assert.Equal(5, await App.CountAsync("SELECT COUNT(*) FROM audits"));
        Assert.Equal(2, await App.CountAsync("SELECT COUNT(*) FROM cases"));
        Assert.Equal(2, await App.CountAsync("SELECT COUNT(*) FROM case_decisions"));
        var published = await App.Events.WaitAsync<ContractAudited>(e => e.Count >= 5, "five audits published");
        Assert.Equal(5, published.Select(a => (a.ContractId, a.ContractVersion)).Distinct().Count());
        Assert.Equal(5, published.Count);

        // The replica shows the newest terms and their audit; the case carries the contract's sector and sex.
        Assert.Equal(1, await App.CountAsync(
            "SELECT COUNT(*) FROM contract_replicas WHERE id = @Id AND version = 3 AND terms_version = 2 AND audit_terms_version = 2 AND audit_outcome = 'VIOLATION'",
            new { Id = registered.ContractId }));
        Assert.Equal(2, await App.CountAsync("SELECT COUNT(*) FROM cases WHERE sector = 'MANUFACTURING' AND worker_sex = 'F' AND state = 'OPEN'"));
    }

    private static string Excess(Contracts.FeeAudits.V1.Audit audit) =>
        string.Join(" + ", audit.Findings.GroupBy(f => f.Excess.CurrencyCode)
            .Select(g => $"{g.Key} {g.Sum(f => decimal.Parse(f.Excess.Amount, System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
}
