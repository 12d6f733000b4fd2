using RecruitRegistry.FeeAudits.Audits;
using RecruitRegistry.IntegrationEvents;
using RecruitRegistry.IntegrationEvents.FeeAudits;

namespace RecruitRegistry.FeeAudits.Tests;

/// <summary>
/// The audit rules on their own, with rules from shared/reference/corridors.md. Exchange rates are test data
/// (source "test data"), not market rates.
/// </summary>
public sealed class AuditEngineTests
{
    // Nepal: "free visa, free ticket", in force 6 July 2015: agencies may charge at most NPR 10,000 per worker.
    private static readonly FeePolicy NepalCap = Policy("NP", "QA", "NP", PolicyKind.FixedCap, "NPR", new DateOnly(2015, 7, 6),
        "Nepal: free visa, free ticket (in force 6 July 2015), at most NPR 10,000 per worker") with { FixedCap = 10_000m };

    // Qatar: Labour Law 14/2004 Art. 33, no recruitment fee or cost from the worker. The in-force day is not in the
    // reference facts: the law's year stands in for it here.
    private static readonly FeePolicy QatarZeroFee = Policy("NP", "QA", "QA", PolicyKind.ZeroFee, "QAR", new DateOnly(2004, 1, 1),
        "Qatar Labour Law 14/2004, Art. 33");

    // Philippines: placement fee at most one month's basic salary; none for household service workers (2006).
    private static readonly FeePolicy PhilippinesOneMonth = Policy("PH", "SA", "PH", PolicyKind.WageMultipleCap, "PHP", new DateOnly(2016, 1, 1),
        "2016 Revised POEA Rules: placement fee at most one month's basic salary") with { WageMultiple = 1m };

    private static readonly FeePolicy PhilippinesHousehold = Policy("PH", "SA", "PH", PolicyKind.ZeroFee, "PHP", new DateOnly(2006, 12, 1),
        "POEA GB Resolution 6, s.2006: no placement fee for household service workers") with { Sector = "DOMESTIC_WORK" };

    // The ILO definition: illegitimate costs (bribes, bonds, deposits) are never lawful.
    private static readonly FeePolicy Illegitimate = Policy("PH", "SA", "PH", PolicyKind.ProhibitedCategories, "PHP", new DateOnly(2019, 3, 28),
        "ILO definition of recruitment fees and related costs (2019): illegitimate costs") with { ProhibitedCategories = ["ILLEGITIMATE"] };

    private static readonly FeePolicy[] Policies = [NepalCap, QatarZeroFee, PhilippinesOneMonth, PhilippinesHousehold, Illegitimate];

    // Test data: QAR 1 = NPR 37.10 from 2026-01-01; SAR 1 = PHP 15.00 from 2026-02-01.
    private static ExchangeRateOnDate? Rates(string from, string to, DateOnly on) => (from, to) switch
    {
        ("QAR", "NPR") when on >= new DateOnly(2026, 1, 1) => new ExchangeRateOnDate(37.10m, new DateOnly(2026, 1, 1)),
        ("SAR", "PHP") when on >= new DateOnly(2026, 2, 1) => new ExchangeRateOnDate(15.00m, new DateOnly(2026, 2, 1)),
        _ => null,
    };

    public static TheoryData<string, string, string, string[], string, string?, string?> Table => new()
    {
        // corridor, sector, signed, fees ("CATEGORY CUR amount"), outcome, deciding rule (start), excess
        { "PH-SA", "CONSTRUCTION", "2026-03-01", ["RECRUITMENT_SERVICE PHP 20000.00"], "Compliant", "2016 Revised POEA", null },
        { "PH-SA", "CONSTRUCTION", "2026-03-01", ["RECRUITMENT_SERVICE PHP 22500.00"], "Compliant", "2016 Revised POEA", null },
        { "PH-SA", "CONSTRUCTION", "2026-03-01", ["RECRUITMENT_SERVICE PHP 22500.01"], "Violation", "2016 Revised POEA", "PHP 0.01" },
        { "PH-SA", "CONSTRUCTION", "2026-03-01", ["RECRUITMENT_SERVICE PHP 10000.00", "ILLEGITIMATE PHP 1000.00"], "Violation", "ILO definition", "PHP 1000.00" },
        { "PH-SA", "CONSTRUCTION", "2026-03-01", ["RECRUITMENT_SERVICE SAR 1400.00"], "Compliant", "2016 Revised POEA", null },
        { "PH-SA", "CONSTRUCTION", "2026-03-01", ["RECRUITMENT_SERVICE SAR 1500.01"], "Violation", "2016 Revised POEA", "PHP 0.15" },
        { "PH-SA", "CONSTRUCTION", "2026-01-15", ["RECRUITMENT_SERVICE PHP 1000.00"], "Undetermined", null, null },
        { "PH-SA", "DOMESTIC_WORK", "2026-03-01", ["MEDICAL PHP 5000.00"], "Violation", "POEA GB Resolution 6", "PHP 5000.00" },
        { "PH-SA", "CONSTRUCTION", "2026-03-01", [], "Compliant", "2016 Revised POEA", null },
        { "NP-QA", "CONSTRUCTION", "2026-03-01", ["RECRUITMENT_SERVICE NPR 8000.00"], "Violation", "Qatar Labour Law", "QAR 215.63" },
        { "NP-QA", "CONSTRUCTION", "2026-03-01", [], "Compliant", "Qatar Labour Law", null },
        // No NPR→QAR rate yet, but Qatar's zero-fee rule is broken whatever the rate: the finding states the fee as charged.
        { "NP-QA", "CONSTRUCTION", "2025-12-31", ["RECRUITMENT_SERVICE NPR 8000.00"], "Violation", "Qatar Labour Law", "NPR 8000.00" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_contract_gets_the_outcome_and_excess_its_rules_give(
        string corridor, string sector, string signed, string[] fees, string outcome, string? decidedBy, string? excess)
    {
        var result = Audit(corridor, sector, signed, fees);

        Assert.Equal(Enum.Parse<AuditOutcome>(outcome), result.Outcome);
        if (decidedBy is null)
        {
            Assert.Null(result.DecidingPolicy);
        }
        else
        {
            Assert.StartsWith(decidedBy, result.DecidingPolicy!.LegalReference, StringComparison.Ordinal);
        }

        var total = result.Findings.GroupBy(f => f.Excess.CurrencyCode).Select(g => $"{g.Key} {g.Sum(f => f.Excess.Amount):0.00}").SingleOrDefault();
        Assert.Equal(excess, total);
    }

    [Fact]
    public void The_strictest_rule_decides_and_each_authority_sees_its_own_rule_applied()
    {
        // NPR 8,000 is within Nepal's cap but breaks Qatar's Art. 33: a violation decided by the Qatari rule (corridors.md).
        var result = Audit("NP-QA", "CONSTRUCTION", "2026-03-01", ["RECRUITMENT_SERVICE NPR 8000.00"]);

        Assert.Equal(QatarZeroFee, result.DecidingPolicy);
        var nepal = Assert.Single(result.Verdicts, v => v.Policy == NepalCap);
        Assert.Equal(AuditOutcome.Compliant, nepal.Outcome);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(new EventMoney("QAR", 215.63m), finding.Charged); // 8,000 / 37.10 = 215.6334…
        Assert.Equal(new EventMoney("QAR", 0m), finding.Allowed);
    }

    [Fact]
    public void A_missing_rate_is_undetermined_with_the_rate_named_never_a_silent_pass()
    {
        // The one-month cap needs the SAR wage and the SAR fee in PHP; the first SAR→PHP rate is of 2026-02-01.
        var result = Audit("PH-SA", "CONSTRUCTION", "2026-01-15", ["RECRUITMENT_SERVICE SAR 100.00"]);

        Assert.Equal(AuditOutcome.Undetermined, result.Outcome);
        Assert.Equal("no SAR→PHP rate on or before 2026-01-15", result.UndeterminedReason);
        Assert.Empty(result.Findings);
        Assert.True(result.AwaitingRates);
    }

    [Fact]
    public void A_zero_fee_rule_is_broken_without_a_rate_and_the_audit_waits_for_one_to_state_the_excess()
    {
        var result = Audit("NP-QA", "CONSTRUCTION", "2025-12-31", ["RECRUITMENT_SERVICE NPR 8000.00"]);

        Assert.Equal(AuditOutcome.Violation, result.Outcome);
        Assert.Equal(new EventMoney("NPR", 8000.00m), Assert.Single(result.Findings).Excess);
        Assert.True(result.AwaitingRates);
        Assert.Equal(["no NPR→QAR rate on or before 2025-12-31"], Assert.Single(result.Verdicts, v => v.Policy == QatarZeroFee).MissingRates);
    }

    [Fact]
    public void A_prohibited_category_rule_needs_no_rate_for_fees_it_does_not_prohibit()
    {
        // SAR fees, no SAR→PHP rate before 2026-02-01: the ILO rule judges only ILLEGITIMATE fees, and there are none.
        var result = Audit("PH-SA", "CONSTRUCTION", "2026-01-15", ["MEDICAL SAR 100.00"]);

        var ilo = Assert.Single(result.Verdicts, v => v.Policy == Illegitimate);
        Assert.Equal(AuditOutcome.Compliant, ilo.Outcome);
        Assert.Empty(ilo.MissingRates);
    }

    [Theory]
    [InlineData(12, null)]
    [InlineData(24, null)]
    [InlineData(6, "VND 6000000.00")]
    public void A_wage_multiple_per_year_grows_with_the_contract_duration(int months, string? excess)
    {
        // Viet Nam, Law 69/2020 Art. 23: one month's wage per 12 months worked, pro rata. Wage VND 12,000,000 (test data).
        var vietNam = Policy("VN", "JP", "VN", PolicyKind.WageMultipleCap, "VND", new DateOnly(2022, 1, 1), "Viet Nam Law 69/2020/QH14, Art. 23")
            with { WageMultiple = 1m, ProRataPerYear = true };
        var terms = new AuditedTerms("MANUFACTURING", new DateOnly(2026, 3, 1), new EventMoney("VND", 12_000_000m), months,
            [new AuditedFee("RECRUITMENT_SERVICE", new EventMoney("VND", 12_000_000m))]);

        var result = AuditEngine.Audit(terms, [vietNam], Rates);

        var total = result.Findings.Select(f => $"{f.Excess.CurrencyCode} {f.Excess.Amount:0.00}").SingleOrDefault();
        Assert.Equal(excess, total);
        Assert.Equal(excess is null ? AuditOutcome.Compliant : AuditOutcome.Violation, result.Outcome);
    }

    [Fact]
    public void A_rule_applies_to_contracts_signed_from_its_effective_date_never_before()
    {
        // The day before Nepal's cap took effect only Qatar's rule applies (and the fee breaks it).
        var before = Audit("NP-QA", "CONSTRUCTION", "2015-07-05", []);
        var from = Audit("NP-QA", "CONSTRUCTION", "2015-07-06", []);

        Assert.DoesNotContain(before.Verdicts, v => v.Policy == NepalCap);
        Assert.Contains(from.Verdicts, v => v.Policy == NepalCap);

        var ended = NepalCap with { EffectiveUntil = new DateOnly(2020, 12, 31) };
        Assert.False(ended.AppliesTo("CONSTRUCTION", new DateOnly(2021, 1, 1)));
        Assert.True(ended.AppliesTo("CONSTRUCTION", new DateOnly(2020, 12, 31)));
    }

    [Fact]
    public void Without_any_applicable_rule_the_audit_says_so()
    {
        var result = AuditEngine.Audit(Terms("CONSTRUCTION", "2026-03-01", "SAR", []), [], Rates);

        Assert.Equal(AuditOutcome.Undetermined, result.Outcome);
        Assert.Equal("no fee policy applies to CONSTRUCTION contracts signed on 2026-03-01", result.UndeterminedReason);
    }

    [Theory]
    [InlineData("2.345", "QAR", "2.35")]
    [InlineData("-2.345", "QAR", "-2.35")]
    [InlineData("2.344", "QAR", "2.34")]
    [InlineData("1234.5", "JPY", "1235")]
    [InlineData("1.2345", "KWD", "1.235")]
    [InlineData("999.5", "VND", "1000")]
    public void Converted_amounts_round_half_away_from_zero_to_the_currency_minor_unit(string amount, string currency, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            AuditEngine.Round(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency));
    }

    private static AuditResult Audit(string corridor, string sector, string signed, string[] fees)
    {
        var (origin, destination) = (corridor[..2], corridor[3..]);
        var wageCurrency = destination == "QA" ? "QAR" : "SAR";
        return AuditEngine.Audit(
            Terms(sector, signed, wageCurrency, fees),
            Policies.Where(p => p.OriginCountry == origin && p.DestinationCountry == destination),
            Rates);
    }

    private static AuditedTerms Terms(string sector, string signed, string wageCurrency, string[] fees) => new(
        sector,
        DateOnly.Parse(signed, System.Globalization.CultureInfo.InvariantCulture),
        new EventMoney(wageCurrency, 1500.00m),
        24,
        fees.Select(f => f.Split(' ')).Select(p => new AuditedFee(p[0], new EventMoney(p[1], decimal.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture)))).ToList());

    private static FeePolicy Policy(string origin, string destination, string jurisdiction, PolicyKind kind, string currency, DateOnly from, string reference) => new()
    {
        Id = Guid.CreateVersion7(),
        OriginCountry = origin,
        DestinationCountry = destination,
        JurisdictionCountry = jurisdiction,
        Kind = kind,
        Currency = currency,
        EffectiveFrom = from,
        LegalReference = reference,
        Source = "shared/reference/corridors.md",
    };
}
