using MassTransit;
using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Testing;

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
}
