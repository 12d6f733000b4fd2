using RecruitRegistry.IntegrationEvents;
using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.FeeAudits.Audits;

/// <summary>Quote units per one base unit on or before a date (the latest such rate), or null when none is known.</summary>
internal delegate ExchangeRateOnDate? RateLookup(string baseCurrency, string quoteCurrency, DateOnly onOrBefore);

internal sealed record ExchangeRateOnDate(decimal Rate, DateOnly OnDate);

/// <summary>One rule's own verdict on a contract version.</summary>
internal sealed record RuleVerdict(FeePolicy Policy, AuditOutcome Outcome, IReadOnlyList<AuditFinding> Findings, string? UndeterminedReason, decimal Strictness);

/// <summary>The binding verdict and every applicable rule's own.</summary>
internal sealed record AuditResult(AuditOutcome Outcome, FeePolicy? DecidingPolicy, IReadOnlyList<AuditFinding> Findings, string? UndeterminedReason, IReadOnlyList<RuleVerdict> Verdicts);

/// <summary>
/// Audits the fees of one contract version against every rule that applies to it (its corridor, its sector or all
/// sectors, in effect on the signing date). Each rule is judged in its own currency: fees and the wage in another
/// currency are converted at the latest rate on or before the signing date, rounded half away from zero to the
/// currency's minor unit (shared/reference/data-model.md). The binding verdict: VIOLATION when any rule is broken, decided by the
/// strictest broken rule (the largest share of what was charged that it finds in excess); otherwise UNDETERMINED when
/// a rule could not be judged (a missing rate, named in the reason), never a silent pass; otherwise COMPLIANT, with
/// the rule that left the least room as the deciding one. No applicable rule at all is UNDETERMINED too.
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
        var fees = terms.Fees.Select(f => (f.Category, Amount: Convert(f.Amount, currency, terms.SignedOn, rates, missing))).ToList();
        var wage = policy.Kind == PolicyKind.WageMultipleCap ? Convert(terms.MonthlyBasicWage, currency, terms.SignedOn, rates, missing) : 0m;
        if (missing.Count > 0) // every amount that could not be converted named its rate here
        {
            return new RuleVerdict(policy, AuditOutcome.Undetermined, [], string.Join("; ", missing), 0m);
        }

        var charged = fees.Select(f => (f.Category, Amount: f.Amount!.Value)).ToList();
        var total = charged.Sum(f => f.Amount);
        var findings = new List<AuditFinding>();
        var room = decimal.MaxValue; // what the rule still allows, as a share of the total charged
        switch (policy.Kind)
        {
            case PolicyKind.ZeroFee:
                foreach (var group in ByCategory(charged).Where(g => g.Amount > 0))
                {
                    findings.Add(Finding(policy, group.Category, group.Amount, 0m));
                }

                room = 0m;
                break;

            case PolicyKind.FixedCap:
            case PolicyKind.WageMultipleCap:
                var cap = policy.Kind == PolicyKind.FixedCap
                    ? policy.FixedCap!.Value
                    : Round(policy.WageMultiple!.Value * wage!.Value, currency);
                if (total > cap)
                {
                    findings.Add(Finding(policy, TotalCategory, total, cap));
                }

                room = total == 0 ? decimal.MaxValue : cap / total;
                break;

            case PolicyKind.ProhibitedCategories:
                foreach (var group in ByCategory(charged).Where(g => g.Amount > 0 && policy.ProhibitedCategories.Contains(g.Category)))
                {
                    findings.Add(Finding(policy, group.Category, group.Amount, 0m));
                }

                break;

            case PolicyKind.CategoryCaps:
                foreach (var group in ByCategory(charged))
                {
                    if (policy.CategoryCaps.TryGetValue(group.Category, out var categoryCap) && group.Amount > categoryCap)
                    {
                        findings.Add(Finding(policy, group.Category, group.Amount, categoryCap));
                    }
                }

                break;
        }

        var excess = findings.Sum(f => f.Excess.Amount);
        var strictness = findings.Count > 0
            ? excess / total
            : room == decimal.MaxValue ? decimal.MinValue : -room; // among compliant rules, less room is stricter
        return new RuleVerdict(policy, findings.Count > 0 ? AuditOutcome.Violation : AuditOutcome.Compliant, findings, null, strictness);
    }

    private static IEnumerable<(string Category, decimal Amount)> ByCategory(IEnumerable<(string Category, decimal Amount)> fees) =>
        fees.GroupBy(f => f.Category, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Sum(f => f.Amount)));

    private static AuditFinding Finding(FeePolicy policy, string category, decimal charged, decimal allowed) =>
        new(policy.LegalReference, category, new EventMoney(policy.Currency, charged), new EventMoney(policy.Currency, allowed), new EventMoney(policy.Currency, charged - allowed));

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
