using RecruitRegistry.IntegrationEvents;
using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.FeeAudits.Audits;

/// <summary>Quote units per one base unit on or before a date (the latest such rate), or null when none is known.</summary>
internal delegate ExchangeRateOnDate? RateLookup(string baseCurrency, string quoteCurrency, DateOnly onOrBefore);

internal sealed record ExchangeRateOnDate(decimal Rate, DateOnly OnDate);

/// <summary>One rule's own verdict on a contract version.</summary>
internal sealed record RuleVerdict(FeePolicy Policy, AuditOutcome Outcome, IReadOnlyList<AuditFinding> Findings, string? UndeterminedReason, decimal Strictness)
{
    /// <summary>Rates this rule lacked ("no NPR→QAR rate on or before 2026-03-01"): a rate arriving re-audits.</summary>
    public IReadOnlyList<string> MissingRates { get; init; } = [];
}

/// <summary>The binding verdict and every applicable rule's own.</summary>
internal sealed record AuditResult(AuditOutcome Outcome, FeePolicy? DecidingPolicy, IReadOnlyList<AuditFinding> Findings, string? UndeterminedReason, IReadOnlyList<RuleVerdict> Verdicts)
{
    /// <summary>True when some amount could not be converted: the audit is redone when a rate is set.</summary>
    public bool AwaitingRates => Verdicts.Any(v => v.MissingRates.Count > 0);
}

/// <summary>
/// Audits the fees of one contract version against every rule that applies to it (its corridor, its sector or all
/// sectors, in effect on the signing date). Each rule is judged in its own currency: fees and the wage in another
/// currency are converted at the latest rate on or before the signing date, rounded half away from zero to the
/// currency's minor unit (shared/reference/data-model.md). The binding verdict: VIOLATION when any rule is broken, decided by the
/// strictest broken rule (the largest share of what was charged that it finds in excess); otherwise UNDETERMINED when
/// a rule could not be judged (a missing rate, named in the reason), never a silent pass; otherwise COMPLIANT, with
/// the rule that left the least room as the deciding one. No applicable rule at all is UNDETERMINED too. A rule needs
/// only the rates of what it judges: a prohibited category or a capped one only those fees; a zero-fee rule none (any
/// fee breaks it: one without a rate is stated in the currency it was charged in).
/// </summary>
internal static class AuditEngine
{
    public const string TotalCategory = "TOTAL";

    public static AuditResult Audit(AuditedTerms terms, IEnumerable<FeePolicy> policies, RateLookup rates)
    {
        var applicable = policies.Where(p => p.AppliesTo(terms.Sector, terms.SignedOn)).ToList();
        if (applicable.Count == 0)
        {
            return new AuditResult(AuditOutcome.Undetermined, null, [], $"no fee policy applies to {terms.Sector} contracts signed on {terms.SignedOn:yyyy-MM-dd}", []);
        }

        var verdicts = applicable.Select(p => Judge(p, terms, rates)).ToList();
        var violations = verdicts.Where(v => v.Outcome == AuditOutcome.Violation).ToList();
        if (violations.Count > 0)
        {
            var deciding = violations.OrderByDescending(v => v.Strictness).ThenBy(v => v.Policy.LegalReference, StringComparer.Ordinal).First();
            return new AuditResult(AuditOutcome.Violation, deciding.Policy, deciding.Findings, null, verdicts);
        }

        var undetermined = verdicts.Where(v => v.Outcome == AuditOutcome.Undetermined).ToList();
        if (undetermined.Count > 0)
        {
            var reason = string.Join("; ", undetermined.Select(v => v.UndeterminedReason).Distinct());
            return new AuditResult(AuditOutcome.Undetermined, null, [], reason, verdicts);
        }

        var tightest = verdicts.OrderByDescending(v => v.Strictness).ThenBy(v => v.Policy.LegalReference, StringComparer.Ordinal).First();
        return new AuditResult(AuditOutcome.Compliant, tightest.Policy, [], null, verdicts);
    }

    private static RuleVerdict Judge(FeePolicy policy, AuditedTerms terms, RateLookup rates)
    {
        var currency = policy.Currency;
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        decimal? InPolicyCurrency(EventMoney money) => Convert(money, currency, terms.SignedOn, rates, missing);
        var charged = terms.Fees.Where(f => f.Amount.Amount > 0).ToList();
        var findings = new List<AuditFinding>();
        decimal strictness;
        switch (policy.Kind)
        {
            case PolicyKind.ZeroFee:
                // Every fee breaks the rule whatever the rate: a fee that cannot be converted is stated as charged.
                foreach (var group in charged.GroupBy(f => (f.Category, f.Amount.CurrencyCode)).OrderBy(g => g.Key.Category, StringComparer.Ordinal).ThenBy(g => g.Key.CurrencyCode, StringComparer.Ordinal))
                {
                    var amount = group.Sum(f => f.Amount.Amount);
                    var converted = InPolicyCurrency(new EventMoney(group.Key.CurrencyCode, amount));
                    findings.Add(converted is { } c
                        ? Finding(policy, group.Key.Category, currency, c, 0m)
                        : Finding(policy, group.Key.Category, group.Key.CurrencyCode, amount, 0m));
                }

                findings = Merge(findings);
                strictness = findings.Count > 0 ? 1m : 0m; // everything charged is in excess; nothing left to allow
                return Verdict(policy, findings, strictness) with { MissingRates = [.. missing] };

            case PolicyKind.ProhibitedCategories:
            case PolicyKind.CategoryCaps:
                // Only the categories the rule names are judged, so only they need a rate.
                var judged = charged.Where(f => policy.Kind == PolicyKind.ProhibitedCategories
                    ? policy.ProhibitedCategories.Contains(f.Category)
                    : policy.CategoryCaps.ContainsKey(f.Category)).ToList();
                var amounts = judged.Select(f => (f.Category, Amount: InPolicyCurrency(f.Amount))).ToList();
                if (missing.Count > 0)
                {
                    return Undetermined(policy, missing);
                }

                foreach (var group in ByCategory(amounts.Select(a => (a.Category, a.Amount!.Value))))
                {
                    var allowed = policy.Kind == PolicyKind.ProhibitedCategories ? 0m : policy.CategoryCaps[group.Category];
                    if (group.Amount > allowed)
                    {
                        findings.Add(Finding(policy, group.Category, currency, group.Amount, allowed));
                    }
                }

                // Ranking only: the share of the judged fees found in excess (other fees may lack a rate).
                var judgedTotal = amounts.Sum(a => a.Amount!.Value);
                strictness = findings.Count > 0 ? findings.Sum(f => f.Excess.Amount) / judgedTotal : decimal.MinValue;
                return Verdict(policy, findings, strictness);

            case PolicyKind.FixedCap:
            case PolicyKind.WageMultipleCap:
                var fees = charged.Where(f => policy.Caps(f.Category)).Select(f => InPolicyCurrency(f.Amount)).ToList();
                var wage = policy.Kind == PolicyKind.WageMultipleCap ? InPolicyCurrency(terms.MonthlyBasicWage) : 0m;
                if (missing.Count > 0) // every amount that could not be converted named its rate here
                {
                    return Undetermined(policy, missing);
                }

                var total = fees.Sum(f => f!.Value);
                var cap = policy.Kind == PolicyKind.FixedCap ? policy.FixedCap!.Value : WageCap(policy, wage!.Value, terms.DurationMonths);
                if (total > cap)
                {
                    findings.Add(Finding(policy, TotalCategory, currency, total, cap)); // the total of the capped categories
                }

                // Broken: the share of the total in excess. Kept: less room (cap / total) is stricter.
                strictness = findings.Count > 0 ? (total - cap) / total : total == 0 ? decimal.MinValue : -(cap / total);
                return Verdict(policy, findings, strictness);

            default:
                throw new ArgumentOutOfRangeException(nameof(policy), policy.Kind, "Unknown policy kind.");
        }
    }

    /// <summary>The cap a wage-multiple rule allows: multiple × wage, per 12 months of the duration when pro rata.</summary>
    private static decimal WageCap(FeePolicy policy, decimal wage, int durationMonths)
    {
        var multiple = policy.WageMultiple!.Value;
        if (policy.ProRataPerYear)
        {
            multiple = multiple * durationMonths / 12m;
        }

        return Round(multiple * wage, policy.Currency);
    }

    private static RuleVerdict Verdict(FeePolicy policy, List<AuditFinding> findings, decimal strictness) =>
        new(policy, findings.Count > 0 ? AuditOutcome.Violation : AuditOutcome.Compliant, findings, null, strictness);

    private static RuleVerdict Undetermined(FeePolicy policy, IReadOnlyCollection<string> missing) =>
        new(policy, AuditOutcome.Undetermined, [], string.Join("; ", missing), 0m) { MissingRates = [.. missing] };

    /// <summary>Findings of one category in one currency, merged (fees of one category charged in several currencies).</summary>
    private static List<AuditFinding> Merge(List<AuditFinding> findings) =>
        findings.GroupBy(f => (f.Category, f.Charged.CurrencyCode))
            .Select(g => g.Count() == 1 ? g.Single() : new AuditFinding(g.First().Rule, g.Key.Category,
                new EventMoney(g.Key.CurrencyCode, g.Sum(f => f.Charged.Amount)), new EventMoney(g.Key.CurrencyCode, 0m),
                new EventMoney(g.Key.CurrencyCode, g.Sum(f => f.Excess.Amount))))
            .ToList();

    private static IEnumerable<(string Category, decimal Amount)> ByCategory(IEnumerable<(string Category, decimal Amount)> fees) =>
        fees.GroupBy(f => f.Category, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Sum(f => f.Amount)));

    private static AuditFinding Finding(FeePolicy policy, string category, string currency, decimal charged, decimal allowed) =>
        new(policy.LegalReference, category, new EventMoney(currency, charged), new EventMoney(currency, allowed), new EventMoney(currency, charged - allowed));

    /// <summary>The amount in the currency, or null (the missing rate named in <paramref name="missing"/>).</summary>
    private static decimal? Convert(EventMoney money, string currency, DateOnly signedOn, RateLookup rates, ISet<string> missing)
    {
        if (money.CurrencyCode == currency)
        {
            return money.Amount;
        }

        if (rates(money.CurrencyCode, currency, signedOn) is { } direct)
        {
            return Round(money.Amount * direct.Rate, currency);
        }

        if (rates(currency, money.CurrencyCode, signedOn) is { } inverse)
        {
            return Round(money.Amount / inverse.Rate, currency);
        }

        missing.Add($"no {money.CurrencyCode}→{currency} rate on or before {signedOn:yyyy-MM-dd}");
        return null;
    }

    /// <summary>Half away from zero to the currency's minor unit (shared/reference/data-model.md).</summary>
    public static decimal Round(decimal amount, string currency) =>
        Math.Round(amount, IsoCodes.MinorUnit(currency) ?? 2, MidpointRounding.AwayFromZero);
}
