using MassTransit;
using System.Globalization;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.Testing;

namespace RecruitRegistry.FeeAudits.Tests;

/// <summary>
/// The default policies (Migrations/0003_default_policies.sql, from shared/reference/corridors.md) applied by the
/// running service to contracts arriving as ContractChanged through RabbitMQ: for the corridors' rules a compliant
/// contract, one at and one just over the cap, a prohibited category, another currency and a missing rate, with the
/// expected outcome, deciding law and excess. Exchange rates are test data, set by the auditors through the API.
/// </summary>
public sealed class DefaultPolicyAuditTests(Servers servers) : FeeAuditsTest(servers)
{
    // corridor, sector, signed, wage, fees, outcome, deciding rule (start of its legal reference), excess
    private static readonly (string Corridor, string Sector, string Signed, string Wage, string[] Fees, AuditOutcome Outcome, string? DecidedBy, string? Excess)[] Table =
    [
        ("NP-QA", "CONSTRUCTION", "2026-03-01", "QAR 1000.00", [], AuditOutcome.Compliant, "Qatar Labour Law", null),
        // Within Nepal's NPR 10,000 cap, but Qatar's Art. 33 allows nothing: 8,000 / 37.10 = QAR 215.63.
        ("NP-QA", "CONSTRUCTION", "2026-03-01", "QAR 1000.00", ["RECRUITMENT_SERVICE NPR 8000.00"], AuditOutcome.Violation, "Qatar Labour Law", "QAR 215.63"),
        // Another currency: an employer recovery in QAR, within Nepal's cap once converted, still breaks Art. 33.
        ("NP-QA", "CONSTRUCTION", "2026-03-01", "QAR 1000.00", ["EMPLOYER_RECOVERY QAR 100.00"], AuditOutcome.Violation, "Qatar Labour Law", "QAR 100.00"),
        ("NP-MY", "MANUFACTURING", "2026-03-01", "MYR 1500.00", ["RECRUITMENT_SERVICE NPR 10000.00"], AuditOutcome.Compliant, "Nepal \"free visa", null),
        ("NP-MY", "MANUFACTURING", "2026-03-01", "MYR 1500.00", ["RECRUITMENT_SERVICE NPR 10000.01"], AuditOutcome.Violation, "Nepal \"free visa", "NPR 0.01"),
        ("NP-MY", "MANUFACTURING", "2026-03-01", "MYR 1500.00", ["ILLEGITIMATE NPR 500.00"], AuditOutcome.Violation, "ILO General principles", "NPR 500.00"),
        // Before Nepal's cap took effect (6 July 2015) only the ILO rule, from 2019, could apply: none did.
        ("NP-MY", "MANUFACTURING", "2015-07-05", "MYR 1500.00", ["RECRUITMENT_SERVICE NPR 20000.00"], AuditOutcome.Undetermined, null, null),
        // The rate missing: no MYR→NPR rate at all.
        ("NP-MY", "MANUFACTURING", "2026-03-01", "MYR 1500.00", ["TRAVEL MYR 100.00"], AuditOutcome.Undetermined, null, null),
        ("PH-SA", "CONSTRUCTION", "2026-03-01", "SAR 1500.00", ["MEDICAL PHP 22500.00"], AuditOutcome.Compliant, "Philippines, 2016 Revised POEA", null),
        ("PH-SA", "CONSTRUCTION", "2026-03-01", "SAR 1500.00", ["MEDICAL PHP 22500.01"], AuditOutcome.Violation, "Philippines, 2016 Revised POEA", "PHP 0.01"),
        ("PH-SA", "CONSTRUCTION", "2026-03-01", "SAR 1500.00", ["RECRUITMENT_SERVICE PHP 1000.00"], AuditOutcome.Violation, "Saudi Arabia Labour Law", "PHP 1000.00"),
        ("PH-SA", "DOMESTIC_WORK", "2026-03-01", "SAR 1500.00", ["MEDICAL PHP 5000.00"], AuditOutcome.Violation, "Philippines, POEA Governing Board", "PHP 5000.00"),
        ("PH-SA", "CONSTRUCTION", "2025-12-15", "SAR 1500.00", ["MEDICAL PHP 100.00"], AuditOutcome.Undetermined, null, null),
        ("BD-MY", "MANUFACTURING", "2026-03-01", "MYR 1500.00", ["ADMINISTRATIVE BDT 78990.00"], AuditOutcome.Compliant, "Bangladesh", null),
        ("BD-MY", "MANUFACTURING", "2026-03-01", "MYR 1500.00", ["ADMINISTRATIVE BDT 78990.01"], AuditOutcome.Violation, "Bangladesh", "BDT 0.01"),
        ("ID-TW", "DOMESTIC_WORK", "2026-03-01", "TWD 20000", ["MEDICAL IDR 500000.00"], AuditOutcome.Violation, "Indonesia BP2MI", "IDR 500000.00"),
        ("ID-TW", "MANUFACTURING", "2026-03-01", "TWD 27470", ["MEDICAL IDR 500000.00"], AuditOutcome.Compliant, null, null),
        ("ID-TW", "MANUFACTURING", "2026-03-01", "TWD 27470", ["RECRUITMENT_SERVICE IDR 1000000.00"], AuditOutcome.Violation, "Indonesia Law No. 18", "IDR 1000000.00"),
        // Before the UAE's Decree-Law 33/2021 (2 February 2022) only Sri Lanka's s.34 and the ILO rule applied.
        ("LK-AE", "CONSTRUCTION", "2022-01-15", "AED 1000.00", ["ADMINISTRATIVE LKR 18000.00"], AuditOutcome.Compliant, null, null),
        // From then on any fee breaks Art. 6; without an LKR→AED rate the finding states the fee as charged.
        ("LK-AE", "CONSTRUCTION", "2026-03-01", "AED 1000.00", ["ADMINISTRATIVE LKR 18000.00"], AuditOutcome.Violation, "UAE Federal Decree-Law", "LKR 18000.00"),
        ("IN-AE", "CONSTRUCTION", "2021-06-01", "AED 1000.00", ["RECRUITMENT_SERVICE INR 30000.00"], AuditOutcome.Compliant, null, null),
        ("IN-AE", "CONSTRUCTION", "2021-06-01", "AED 1000.00", ["RECRUITMENT_SERVICE INR 30000.01"], AuditOutcome.Violation, "India Emigration Rules", "INR 0.01"),
        ("PK-SA", "CONSTRUCTION", "2026-03-01", "SAR 1500.00", ["MEDICAL PKR 20000.00"], AuditOutcome.Compliant, null, null),
        ("PK-SA", "CONSTRUCTION", "2026-03-01", "SAR 1500.00", ["RECRUITMENT_SERVICE PKR 15000.00"], AuditOutcome.Violation, "Saudi Arabia Labour Law", "PKR 15000.00"),
        // Viet Nam: one month per 12 months, 24 months at JPY 200,000 × 170 = VND 68,000,000.
        ("VN-JP", "MANUFACTURING", "2026-03-01", "JPY 200000", ["RECRUITMENT_SERVICE VND 68000000"], AuditOutcome.Compliant, "Viet Nam Law", null),
        ("VN-JP", "MANUFACTURING", "2026-03-01", "JPY 200000", ["RECRUITMENT_SERVICE VND 68000001"], AuditOutcome.Violation, "Viet Nam Law", "VND 1"),
        ("VN-JP", "MANUFACTURING", "2025-12-01", "JPY 200000", ["RECRUITMENT_SERVICE VND 1000"], AuditOutcome.Undetermined, null, null),
    ];

    [Fact]
    public async Task Each_default_corridor_policy_gives_the_expected_outcome_deciding_law_and_excess()
    {
        // Test data, not market rates: QAR 1 = NPR 37.10, SAR 1 = PHP 15.00, JPY 1 = VND 170, each from 2026-01-01.
        var from = new DateOnly(2026, 1, 1);
        await Given.RateAsync("QAR", "NPR", "37.10", from, "NP");
        await Given.RateAsync("SAR", "PHP", "15.00", from, "PH");
        await Given.RateAsync("JPY", "VND", "170", from, "VN");

        var contracts = Table.Select(row => Scenario.Contract(row.Corridor, row.Sector, row.Signed, row.Wage, row.Fees)).ToList();
        foreach (var contract in contracts)
        {
            await App.Bus.Publish(contract);
        }

        var failures = new List<string>();
        for (var i = 0; i < Table.Length; i++)
        {
            var row = Table[i];
            var audit = await Given.AuditOfAsync(contracts[i].ContractId, 1, row.Corridor[..2]);
            var deciding = audit.Verdicts.FirstOrDefault(v => v.PolicyId == audit.DecidingPolicyId);
            var excess = audit.Findings.GroupBy(f => f.Excess.CurrencyCode)
                .Select(g => $"{g.Key} {g.Sum(f => decimal.Parse(f.Excess.Amount, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture)}")
                .SingleOrDefault();
            var expectedExcess = row.Excess;
            if (audit.Outcome != row.Outcome
                || (row.DecidedBy is not null && deciding?.LegalReference.StartsWith(row.DecidedBy, StringComparison.Ordinal) != true)
                || excess != expectedExcess)
            {
                failures.Add($"{row.Corridor} {row.Sector} {row.Signed} [{string.Join(", ", row.Fees)}]: expected {row.Outcome} by '{row.DecidedBy}' excess '{expectedExcess}', "
                    + $"got {audit.Outcome} by '{deciding?.LegalReference}' excess '{excess}' ({audit.UndeterminedReason})");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_rate_redoes_only_the_undetermined_audits_that_waited_for_its_currencies_never_a_finished_one()
    {
        // A violation whose zero-fee finding is stated in the currency charged (no HKD rate): finished, though it lacks a rate.
        var violation = Scenario.Contract("NP-QA", "CONSTRUCTION", "2026-03-01", "QAR 1200.00", ["TRAVEL HKD 800.00"]);
        var finished = await Given.AuditedAsync(violation);
        Assert.Equal(AuditOutcome.Violation, finished.Outcome);
        // An audit waiting for a MYR rate.
        var waiting = Scenario.Contract("NP-MY", "MANUFACTURING", "2026-03-01", "MYR 1500.00", ["TRAVEL MYR 100.00"]);
        Assert.Equal(AuditOutcome.Undetermined, (await Given.AuditedAsync(waiting)).Outcome);

        // The corridor's policies change after the first audit: a further NP→QA rule.
        var policy = (await App.Audits.ListPoliciesAsync(new ListPoliciesRequest { OriginCountry = "NP", DestinationCountry = "QA" }, FeeAuditsApp.Auditor("NP")))
            .Policies.First(p => p.Kind == PolicyKind.FixedCap).Clone();
        policy.Id = "";
        policy.Version = 0;
        policy.Sector = Contracts.Licensing.V1.Sector.Construction;
        policy.FixedCap = new Contracts.Common.V1.Money { CurrencyCode = "NPR", Amount = "5000.00" };
        policy.LegalReference = "A stricter cap for construction (test)";
        await App.Audits.DefinePolicyAsync(new DefinePolicyRequest { Policy = policy, Reason = "test" }, FeeAuditsApp.Auditor("NP"));

        // Rates of other currencies, even HKD's, redo nothing already judged, and nothing waiting for another currency.
        Assert.Equal(0, (await Given.RateAsync("HKD", "PHP", "7.10", new DateOnly(2026, 1, 1), "PH")).AuditsRedone);
        Assert.Equal(0, (await Given.RateAsync("QAR", "NPR", "37.10", new DateOnly(2026, 1, 1), "NP")).AuditsRedone);
        Assert.Equal(1, (await Given.AuditOfAsync(violation.ContractId, 1, "NP")).AuditVersion);
        Assert.Equal(1, (await Given.AuditOfAsync(waiting.ContractId, 1, "NP")).AuditVersion);

        // The rate it waited for redoes the undetermined one alone.
        Assert.Equal(1, (await Given.RateAsync("MYR", "NPR", "29.10", new DateOnly(2026, 2, 1), "NP")).AuditsRedone);
        Assert.Equal(2, (await Given.AuditOfAsync(waiting.ContractId, 1, "NP")).AuditVersion);
        Assert.Equal(1, (await Given.AuditOfAsync(violation.ContractId, 1, "NP")).AuditVersion);
    }

    [Fact]
    public async Task A_missing_rate_names_the_rate_and_setting_it_audits_the_contract_again()
    {
        var contract = Scenario.Contract("NP-MY", "MANUFACTURING", "2026-03-01", "MYR 1500.00", ["TRAVEL MYR 100.00"]);
        var first = await Given.AuditedAsync(contract);
        Assert.Equal(AuditOutcome.Undetermined, first.Outcome);
        Assert.Equal("no MYR→NPR rate on or before 2026-03-01", first.UndeterminedReason);

        // A rate dated after the signing day settles nothing; one on or before it re-audits: MYR 100 = NPR 2,910.00.
        var late = await Given.RateAsync("MYR", "NPR", "29.10", new DateOnly(2026, 3, 2), "NP");
        Assert.Equal(0, late.AuditsRedone);
        var rate = await Given.RateAsync("MYR", "NPR", "29.10", new DateOnly(2026, 2, 1), "NP");
        Assert.Equal(1, rate.AuditsRedone);

        var second = await Given.AuditOfAsync(contract.ContractId, 1, "NP");
        Assert.Equal(AuditOutcome.Compliant, second.Outcome);
        Assert.Equal(2, second.AuditVersion);
        var published = await App.Events.WaitAsync<IntegrationEvents.FeeAudits.ContractAudited>(
            e => e.Count(a => a.ContractId == contract.ContractId) == 2, "both audits published");
        Assert.Equal([1L, 2L], published.Where(a => a.ContractId == contract.ContractId).Select(a => a.Version).Order());
    }

    [Fact]
    public async Task The_same_terms_are_audited_once_whatever_arrives_twice_or_late()
    {
        var contract = Scenario.Contract("NP-QA", "CONSTRUCTION", "2026-03-01", "QAR 1000.00", ["RECRUITMENT_SERVICE NPR 8000.00"]);
        var messageId = Guid.NewGuid();
        await App.Bus.Publish(contract, c => c.MessageId = messageId);
        await App.Bus.Publish(contract, c => c.MessageId = messageId); // a redelivery
        await Given.AuditOfAsync(contract.ContractId, 1, "NP");

        // An endorsement (new contract version, same terms), then the registration again, late and as a new message.
        var endorsed = contract with { Version = 2, Change = IntegrationEvents.WorkerContracts.ContractChange.Endorsed, Contract = contract.Contract with { Status = "ENDORSED" } };
        await App.Bus.Publish(endorsed);
        await App.Bus.Publish(contract);
        await Eventually.Until(() => App.CountAsync("SELECT COUNT(*) FROM inbox WHERE consumer = 'feeaudits.contract-changed'"), n => n == 3,
            TimeSpan.FromSeconds(30), "three distinct messages handled");

        Assert.Equal(1, await App.CountAsync("SELECT COUNT(*) FROM audits WHERE contract_id = @Id", new { Id = contract.ContractId }));
        Assert.Equal(1, await App.CountAsync("SELECT COUNT(*) FROM cases WHERE contract_id = @Id", new { Id = contract.ContractId }));
        Assert.Equal(2, await App.CountAsync("SELECT version FROM contract_replicas WHERE id = @Id", new { Id = contract.ContractId }));
        Assert.Single(App.Events.All<IntegrationEvents.FeeAudits.ContractAudited>(), a => a.ContractId == contract.ContractId);

        // Amended terms are a new version: audited on their own (now within every rule).
        var amended = Scenario.Contract("NP-QA", "CONSTRUCTION", "2026-03-01", "QAR 1000.00", [], contractId: contract.ContractId, version: 3, termsVersion: 2)
            with { Contract = contract.Contract with { Fees = [], TermsVersion = 2, TermsFingerprint = "amended" } };
        var audit = await Given.AuditedAsync(amended with { Version = 3 });
        Assert.Equal(AuditOutcome.Compliant, audit.Outcome);
        Assert.Equal(2, await App.CountAsync("SELECT COUNT(*) FROM audits WHERE contract_id = @Id", new { Id = contract.ContractId }));
    }
}
