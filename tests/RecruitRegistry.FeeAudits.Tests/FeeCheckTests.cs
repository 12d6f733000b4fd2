using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.Platform.Validation;
using RecruitRegistry.Testing;

namespace RecruitRegistry.FeeAudits.Tests;

/// <summary>
/// CheckFees on the real servers, against the default policies (shared/reference/corridors.md): a worker asks before
/// paying, anonymously, and gets the verdict an audit would give, every rule in force with what it allows and its
/// citation, and nothing is written; every bad field is named.
/// </summary>
public sealed class FeeCheckTests(Servers servers) : FeeAuditsTest(servers)
{
    [Fact]
    public async Task A_fee_within_Nepals_cap_is_legal_for_Malaysia_and_the_rupee_above_it_is_excess_citing_the_rule()
    {
        var within = await App.Audits.CheckFeesAsync(Check("NP", "MY", "MYR 1500.00", "RECRUITMENT_SERVICE NPR 10000.00"));
        Assert.Equal(AuditOutcome.Compliant, within.Outcome);
        Assert.Empty(within.Findings);
        Assert.Contains(within.Rules, r => r.Policy.LegalReference.StartsWith("Nepal \"free visa", StringComparison.Ordinal)
            && decimal.Parse(r.Policy.FixedCap.Amount, CultureInfo.InvariantCulture) == 10000m && r.Verdict.Outcome == AuditOutcome.Compliant);

        var above = await App.Audits.CheckFeesAsync(Check("NP", "MY", "MYR 1500.00", "RECRUITMENT_SERVICE NPR 10000.01"));
        Assert.Equal(AuditOutcome.Violation, above.Outcome);
        var excess = Assert.Single(above.Findings);
        Assert.Equal(("NPR", "10000.01", "10000.00", "0.01"), (excess.Excess.CurrencyCode, excess.Charged.Amount, excess.Allowed.Amount, excess.Excess.Amount));
        var deciding = above.Rules.Single(r => r.Policy.Id == above.DecidingPolicyId);
        Assert.StartsWith("Nepal \"free visa", deciding.Verdict.LegalReference, StringComparison.Ordinal);
        Assert.Equal(0, await App.CountAsync("SELECT COUNT(*) FROM audits"));
        Assert.Equal(0, await App.CountAsync("SELECT COUNT(*) FROM outbox"));
    }

    [Fact]
    public async Task Qatar_allows_no_fee_at_all_and_a_worker_asks_in_plain_JSON_without_an_account()
    {
        var none = await App.Audits.CheckFeesAsync(Check("NP", "QA", "QAR 1200.00"));
        Assert.Equal(AuditOutcome.Compliant, none.Outcome);

        using var http = App.Http();
        using var answer = await http.PostAsJsonAsync("/v1/fees:check", new
        {
            originCountry = "NP", destinationCountry = "QA", sector = "SECTOR_CONSTRUCTION", durationMonths = 24,
            monthlyBasicWage = new { currencyCode = "QAR", amount = "1200.00" },
            fees = new[] { new { category = "FEE_CATEGORY_EMPLOYER_RECOVERY", amount = new { currencyCode = "QAR", amount = "100.00" } } },
        });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        using var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        Assert.Equal("AUDIT_OUTCOME_VIOLATION", body.RootElement.GetProperty("outcome").GetString());
        var finding = body.RootElement.GetProperty("findings").EnumerateArray().Single();
        Assert.Equal("100.00", finding.GetProperty("excess").GetProperty("amount").GetString());
        Assert.Contains(body.RootElement.GetProperty("rules").EnumerateArray(),
            r => r.GetProperty("policy").GetProperty("legalReference").GetString()!.StartsWith("Qatar Labour Law", StringComparison.Ordinal));
    }

    public static TheoryData<string, Action<CheckFeesRequest>> BadChecks => new()
    {
        { "origin_country", r => r.OriginCountry = "Nepal" },
        { "destination_country", r => r.DestinationCountry = "NP" },
        { "sector", r => r.Sector = Sector.Unspecified },
        { "monthly_basic_wage", r => r.MonthlyBasicWage = null },
        { "monthly_basic_wage.amount", r => r.MonthlyBasicWage.Amount = "0" },
        { "monthly_basic_wage.currency_code", r => r.MonthlyBasicWage.CurrencyCode = "RIYAL" },
        { "duration_months", r => r.DurationMonths = 0 },
        { "fees", r => r.Fees.Add(Enumerable.Range(0, 21).Select(_ => Fee("MEDICAL NPR 1.00"))) },
        { "fees[0].category", r => r.Fees.Add(new Fee { Category = FeeCategory.Unspecified, Amount = new Money { CurrencyCode = "NPR", Amount = "1" } }) },
        { "fees[0].amount.amount", r => r.Fees.Add(Fee("MEDICAL NPR -1.00")) },
        { "signed_on", r => r.SignedOn = CorridorScenario.Day(CorridorScenario.Today.AddYears(2)) },
    };

    [Theory]
    [MemberData(nameof(BadChecks))]
    public async Task A_bad_check_names_the_field(string field, Action<CheckFeesRequest> spoil)
    {
        var request = Check("NP", "QA", "QAR 1200.00");
        spoil(request);

        var e = await Assert.ThrowsAsync<RpcException>(() => App.Audits.CheckFeesAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal([field], e.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field));
    }

    /// <summary>A construction job of 24 months at the wage given ("QAR 1200.00"), with the fees given ("MEDICAL NPR 500.00").</summary>
    public static CheckFeesRequest Check(string origin, string destination, string wage, params string[] fees) => new()
    {
        OriginCountry = origin, DestinationCountry = destination, Sector = Sector.Construction, DurationMonths = 24,
        MonthlyBasicWage = new Money { CurrencyCode = wage[..3], Amount = wage[4..] },
        Fees = { fees.Select(Fee) },
    };

    private static Fee Fee(string text)
    {
        var parts = text.Split(' ');
        return new Fee
        {
            Category = ProtoEnums.Parse<FeeCategory>(parts[0], "FEE_CATEGORY_"),
            Amount = new Money { CurrencyCode = parts[1], Amount = parts[2] },
        };
    }
}
