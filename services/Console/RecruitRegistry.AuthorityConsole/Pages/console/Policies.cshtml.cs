using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.FeeAudits.V1;

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

    public IReadOnlyList<FeePolicy> Policies { get; private set; } = [];

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public async Task<IActionResult> OnPostWithdrawAsync()
    {
        try
        {
            await Services.Audits.WithdrawPolicyAsync(new WithdrawPolicyRequest
            {
                PolicyId = Withdraw.PolicyId ?? "",
                ExpectedVersion = Withdraw.Version,
                WithdrawnFrom = ToDate(Withdraw.From),
                Reason = Withdraw.Reason?.Trim() ?? "",
                LegalBasis = Withdraw.LegalBasis?.Trim() ?? "",
            });
            return DoneThen(T["Policies.Withdrawn"], "/console/Policies", new { corridor = Corridor });
        }
        catch (RpcException e)
        {
            return await ShowAsync(e);
        }
    }

    public async Task<IActionResult> OnPostRateAsync()
    {
        try
        {
            var set = await Services.Audits.SetExchangeRateAsync(new SetExchangeRateRequest
            {
                Rate = new ExchangeRate
                {
                    BaseCurrency = Rate.Base?.Trim().ToUpperInvariant() ?? "",
                    QuoteCurrency = Rate.Quote?.Trim().ToUpperInvariant() ?? "",
                    Rate = Rate.Value?.Trim() ?? "",
                    OnDate = ToDate(Rate.On),
                    Source = Rate.Source?.Trim() ?? "",
                },
            });
            return DoneThen(T.Format("Policies.RateSet", $"{set.Rate.BaseCurrency}/{set.Rate.QuoteCurrency}", set.Rate.Rate, set.AuditsRedone),
                "/console/Policies", new { corridor = Corridor });
        }
        catch (RpcException e)
        {
            return await ShowAsync(e);
        }
    }

    private Task<IActionResult> ShowAsync(RpcException? refusal = null) => PageAsync(
        async () =>
        {
            if (!string.IsNullOrWhiteSpace(Corridor))
            {
                var (origin, destination) = Split(Corridor);
                Policies = (await Services.Audits.ListPoliciesAsync(new ListPoliciesRequest { OriginCountry = origin, DestinationCountry = destination })).Policies;
            }
        },
        refusal);

    /// <summary>What a rule allows, in words: the cap, the multiple of the wage, the categories it forbids or caps.</summary>
    public string Rule(FeePolicy policy) => policy.Kind switch
    {
        PolicyKind.FixedCap => Text.Money(policy.FixedCap),
        PolicyKind.WageMultipleCap => T.Format(policy.ProRataPerYear ? "Policies.WageMultiplePerYear" : "Policies.WageMultiple", policy.WageMultiple),
        PolicyKind.ProhibitedCategories => string.Join(", ", policy.ProhibitedCategories.Select(c => T.Of(c, "FEE_CATEGORY_"))),
        PolicyKind.CategoryCaps => string.Join(", ", policy.CategoryCaps.Select(c => $"{T.Of(c.Category, "FEE_CATEGORY_")}: {Text.Money(c.Cap)}")),
        _ => "",
    };
}

public sealed class WithdrawForm
{
    public string? PolicyId { get; set; }

    public long Version { get; set; }

    public DateOnly? From { get; set; }

    public string? Reason { get; set; }

    public string? LegalBasis { get; set; }
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
