using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Platform.Validation;
using FeeCategory = RecruitRegistry.Contracts.WorkerContracts.V1.FeeCategory;
using Sector = RecruitRegistry.Contracts.Licensing.V1.Sector;

namespace RecruitRegistry.AuthorityConsole.Pages.Console;

/// <summary>
/// A corridor's fee policies as FeeAudits judges contracts by them: each rule, its jurisdiction, effective dates, legal
/// reference and source; an auditor withdraws one from a day, with reason and legal basis; and sets an exchange rate.
/// </summary>
public sealed class PoliciesModel : OfficerPage
{
    [BindProperty(SupportsGet = true)]
    public string? Corridor { get; set; }

    [BindProperty]
    public WithdrawForm Withdraw { get; set; } = new();

    [BindProperty]
    public RateForm Rate { get; set; } = new();

    [BindProperty]
    public PolicyForm Define { get; set; } = new();

    public static readonly PolicyKind[] Kinds = Enum.GetValues<PolicyKind>().Where(ProtoEnums.IsSet).ToArray();

    public static readonly FeeCategory[] Categories =
        Enum.GetValues<FeeCategory>().Where(ProtoEnums.IsSet).ToArray();

    public IReadOnlyList<FeePolicy> Policies { get; private set; } = [];

    /// <summary>Each policy's recorded versions, by policy id.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<PolicyChange>> History { get; private set; } = new Dictionary<string, IReadOnlyList<PolicyChange>>();

    public IReadOnlyList<ExchangeRate> Rates { get; private set; } = [];

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Task<IActionResult> OnPostWithdrawAsync() => WriteAsync(
        () => Services.Audits.WithdrawPolicyAsync(new WithdrawPolicyRequest
        {
            PolicyId = Withdraw.PolicyId ?? "",
            ExpectedVersion = Withdraw.Version,
            WithdrawnFrom = ToDate(Withdraw.From),
            Reason = Withdraw.Reason?.Trim() ?? "",
            LegalBasis = Withdraw.LegalBasis?.Trim() ?? "",
        }).ResponseAsync,
        _ => DoneThen(T["Policies.Withdrawn"], "/console/Policies", new { corridor = Corridor }),
        ShowAsync);

    /// <summary>A new policy of the corridor, of any kind (the service names each field it refuses).</summary>
    public Task<IActionResult> OnPostDefineAsync()
    {
        var (origin, destination) = Split(Corridor ?? "");
        var currency = Define.Currency?.Trim().ToUpperInvariant() ?? "";
        var policy = new FeePolicy
        {
            OriginCountry = origin,
            DestinationCountry = destination,
            JurisdictionCountry = Define.Jurisdiction?.Trim().ToUpperInvariant() ?? "",
            Sector = ProtoEnums.TryParse<Sector>(Define.Sector ?? "", "SECTOR_", out var sector)
                ? sector : Sector.Unspecified,
            Kind = ProtoEnums.TryParse<PolicyKind>(Define.Kind ?? "", "POLICY_KIND_", out var kind) ? kind : PolicyKind.Unspecified,
            Currency = currency,
            FixedCap = MoneyFrom(Define.FixedCap, currency),
            WageMultiple = Define.WageMultiple?.Trim() ?? "",
            ProRataPerYear = Define.ProRataPerYear,
            ProhibitedCategories = { Define.Prohibited.Select(Category) },
            CappedCategories = { Define.Capped.Select(Category) },
            CategoryCaps =
            {
                Categories.Zip(Define.CategoryCaps).Where(c => !string.IsNullOrWhiteSpace(c.Second))
                    .Select(c => new CategoryCap { Category = c.First, Cap = MoneyFrom(c.Second, currency) }),
            },
            EffectiveFrom = ToDate(Define.EffectiveFrom),
            EffectiveUntil = ToDate(Define.EffectiveUntil),
            LegalReference = Define.LegalReference?.Trim() ?? "",
            Source = Define.Source?.Trim() ?? "",
        };
        return WriteAsync(
            () => Services.Audits.DefinePolicyAsync(new DefinePolicyRequest { Policy = policy, Reason = Define.Reason?.Trim() ?? "" }).ResponseAsync,
            _ => DoneThen(T["Policies.Defined"], "/console/Policies", new { corridor = Corridor }),
            ShowAsync);
    }

    public Task<IActionResult> OnPostRateAsync() => WriteAsync(
        () => Services.Audits.SetExchangeRateAsync(new SetExchangeRateRequest
        {
            Rate = new ExchangeRate
            {
                BaseCurrency = Rate.Base?.Trim().ToUpperInvariant() ?? "",
                QuoteCurrency = Rate.Quote?.Trim().ToUpperInvariant() ?? "",
                Rate = Rate.Value?.Trim() ?? "",
                OnDate = ToDate(Rate.On),
                Source = Rate.Source?.Trim() ?? "",
            },
        }).ResponseAsync,
        set => DoneThen(T.Format("Policies.RateSet", $"{set.Rate.BaseCurrency}/{set.Rate.QuoteCurrency}", set.Rate.Rate, set.AuditsRedone),
            "/console/Policies", new { corridor = Corridor }),
        ShowAsync);

    private Task<IActionResult> ShowAsync(RpcException? refusal = null) => PageAsync(
        async () =>
        {
            if (!string.IsNullOrWhiteSpace(Corridor))
            {
                var (origin, destination) = Split(Corridor);
                Policies = (await Services.Audits.ListPoliciesAsync(new ListPoliciesRequest { OriginCountry = origin, DestinationCountry = destination })).Policies;
                var histories = await Task.WhenAll(Policies.Select(async p =>
                    (p.Id, (await Services.Audits.ListPolicyHistoryAsync(new ListPolicyHistoryRequest { PolicyId = p.Id })).Changes)));
                History = histories.ToDictionary(h => h.Id, h => (IReadOnlyList<PolicyChange>)h.Changes);
                // The rates audits of this corridor convert with: those of either country's currency.
                string?[] currencies = [IsoCodes.CurrencyOf(origin), IsoCodes.CurrencyOf(destination)];
                Rates = (await Services.Audits.ListExchangeRatesAsync(new ListExchangeRatesRequest())).Rates
                    .Where(r => currencies.Contains(r.BaseCurrency) || currencies.Contains(r.QuoteCurrency)).ToList();
            }
        },
        refusal);

    private static FeeCategory Category(string code) =>
        ProtoEnums.TryParse<FeeCategory>(code, "FEE_CATEGORY_", out var category) ? category : FeeCategory.Unspecified;

    /// <summary>What a rule allows, in words: the cap, the multiple of the wage, the categories it forbids or caps.</summary>
    public string Rule(FeePolicy policy) => policy.Kind switch
    {
        PolicyKind.FixedCap => Text.Money(policy.FixedCap) + Of(policy.CappedCategories),
        PolicyKind.WageMultipleCap => T.Format(policy.ProRataPerYear ? "Policies.WageMultiplePerYear" : "Policies.WageMultiple", policy.WageMultiple)
            + Of(policy.CappedCategories),
        PolicyKind.ProhibitedCategories => string.Join(", ", policy.ProhibitedCategories.Select(c => T.Of(c, "FEE_CATEGORY_"))),
        PolicyKind.CategoryCaps => string.Join(", ", policy.CategoryCaps.Select(c => $"{T.Of(c.Category, "FEE_CATEGORY_")}: {Text.Money(c.Cap)}")),
        _ => "",
    };

    /// <summary>" (of: placement, documentation)" when a cap limits only some categories.</summary>
    private string Of(IEnumerable<FeeCategory> capped) =>
        capped.Any() ? " " + T.Format("Policies.CapOf", string.Join(", ", capped.Select(c => T.Of(c, "FEE_CATEGORY_")))) : "";
}

public sealed class WithdrawForm
{
    public string? PolicyId { get; set; }

    public long Version { get; set; }

    public DateOnly? From { get; set; }

    public string? Reason { get; set; }

    public string? LegalBasis { get; set; }
}

public sealed class PolicyForm
{
    /// <summary>The origin or destination country whose law it is; empty: the international standard (ILO).</summary>
    public string? Jurisdiction { get; set; }

    public string? Sector { get; set; }

    public string? Kind { get; set; }

    public string? Currency { get; set; }

    public string? FixedCap { get; set; }

    public string? WageMultiple { get; set; }

    public bool ProRataPerYear { get; set; }

    public List<string> Prohibited { get; set; } = [];

    /// <summary>FIXED_CAP and WAGE_MULTIPLE_CAP: the categories the cap limits (none ticked: every fee).</summary>
    public List<string> Capped { get; set; } = [];

    /// <summary>CATEGORY_CAPS: one per category, in the order of <see cref="PoliciesModel.Categories"/>; blank: no cap of its own.</summary>
    public List<string?> CategoryCaps { get; set; } = [];

    public DateOnly? EffectiveFrom { get; set; }

    public DateOnly? EffectiveUntil { get; set; }

    public string? LegalReference { get; set; }

    public string? Source { get; set; }

    public string? Reason { get; set; }
}

public sealed class RateForm
{
    public string? Base { get; set; }

    public string? Quote { get; set; }

    /// <summary>Quote units per one base unit, an exact decimal.</summary>
    public string? Value { get; set; }

    public DateOnly? On { get; set; }

    public string? Source { get; set; }
}
