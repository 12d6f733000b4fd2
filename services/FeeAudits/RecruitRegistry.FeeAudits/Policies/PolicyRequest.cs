using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.FeeAudits.Model;
using RecruitRegistry.Platform.Validation;
using PolicyKind = RecruitRegistry.FeeAudits.Audits.PolicyKind;

namespace RecruitRegistry.FeeAudits.Policies;

/// <summary>
/// Reads a DefinePolicyRequest into the policy row it defines, field by field: every field that is wrong is named in one
/// INVALID_ARGUMENT, and a kind's amounts, categories and period are checked as that kind needs them.
/// </summary>
internal static class PolicyRequest
{
    /// <summary>The policy the request defines (id and version still to be given), the version it expects, and why.</summary>
    public static (PolicyRow Row, long Expected, string Reason) Read(DefinePolicyRequest request)
    {
        var v = new RequestValidator();
        var p = request.Policy;
        if (p is null)
        {
            v.Fail("policy", "is required").ThrowIfInvalid();
        }

        var id = string.IsNullOrEmpty(p!.Id) ? Guid.Empty : v.Id("policy.id", p.Id);
        var expected = id == Guid.Empty ? 0 : v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var reason = v.Required("reason", request.Reason, 2000);
        var origin = v.Country("policy.origin_country", p.OriginCountry);
        var destination = v.Country("policy.destination_country", p.DestinationCountry);
        string? jurisdiction = null;
        if (!string.IsNullOrEmpty(p.JurisdictionCountry))
        {
            jurisdiction = v.Country("policy.jurisdiction_country", p.JurisdictionCountry);
            if (jurisdiction != "" && jurisdiction != origin && jurisdiction != destination)
            {
                v.Fail("policy.jurisdiction_country", "must be the origin or the destination country (empty: the international standard)");
            }
        }

        string? sector = null;
        if (p.Sector != Sector.Unspecified)
        {
            if (ProtoEnums.IsSet(p.Sector))
            {
                sector = ProtoEnums.Name(p.Sector, "SECTOR_");
            }
            else
            {
                v.Fail("policy.sector", $"{(int)p.Sector} is not a sector");
            }
        }

        var kind = Mapping.FromProto(p.Kind);
        if (kind is null)
        {
            v.Fail("policy.kind", "is required: ZERO_FEE, FIXED_CAP, WAGE_MULTIPLE_CAP, PROHIBITED_CATEGORIES or CATEGORY_CAPS");
        }

        var currency = v.CurrencyCode("policy.currency", p.Currency);

        decimal? fixedCap = null;
        if (p.FixedCap is not null)
        {
            if (kind != PolicyKind.FixedCap)
            {
                v.Fail("policy.fixed_cap", "is only for FIXED_CAP policies");
            }

            var cap = v.Money("policy.fixed_cap", p.FixedCap);
            if (cap.Currency != currency)
            {
                v.Fail("policy.fixed_cap.currency_code", $"must be the policy's currency {currency}");
            }

            fixedCap = cap.Amount;
        }
        else if (kind == PolicyKind.FixedCap)
        {
            v.Fail("policy.fixed_cap", "is required for a FIXED_CAP policy");
        }

        decimal? multiple = null;
        if (!string.IsNullOrEmpty(p.WageMultiple))
        {
            if (kind != PolicyKind.WageMultipleCap)
            {
                v.Fail("policy.wage_multiple", "is only for WAGE_MULTIPLE_CAP policies");
            }

            multiple = v.PositiveDecimal("policy.wage_multiple", p.WageMultiple);
        }
        else if (kind == PolicyKind.WageMultipleCap)
        {
            v.Fail("policy.wage_multiple", "is required for a WAGE_MULTIPLE_CAP policy: the multiple of the monthly basic wage");
        }

        if (p.ProRataPerYear && kind != PolicyKind.WageMultipleCap)
        {
            v.Fail("policy.pro_rata_per_year", "is only for WAGE_MULTIPLE_CAP policies");
        }

        var prohibited = Categories(v, "policy.prohibited_categories", p.ProhibitedCategories);

        if (kind == PolicyKind.ProhibitedCategories && p.ProhibitedCategories.Count == 0)
        {
            v.Fail("policy.prohibited_categories", "is required for a PROHIBITED_CATEGORIES policy");
        }
        else if (kind != PolicyKind.ProhibitedCategories && p.ProhibitedCategories.Count > 0)
        {
            v.Fail("policy.prohibited_categories", "is only for PROHIBITED_CATEGORIES policies");
        }

        var capped = Categories(v, "policy.capped_categories", p.CappedCategories);

        if (capped.Count > 0 && kind is not (PolicyKind.FixedCap or PolicyKind.WageMultipleCap))
        {
            v.Fail("policy.capped_categories", "is only for FIXED_CAP and WAGE_MULTIPLE_CAP policies");
        }

        var caps = new Dictionary<string, decimal>();
        for (var i = 0; i < p.CategoryCaps.Count; i++)
        {
            var c = p.CategoryCaps[i];
            var cap = v.Money($"policy.category_caps[{i}].cap", c.Cap);
            if (c.Cap is not null && cap.Currency != currency)
            {
                v.Fail($"policy.category_caps[{i}].cap.currency_code", $"must be the policy's currency {currency}");
            }

            if (!ProtoEnums.IsSet(c.Category))
            {
                v.Fail($"policy.category_caps[{i}].category", $"{(int)c.Category} is not a fee category");
            }
            else if (!caps.TryAdd(ProtoEnums.Name(c.Category, "FEE_CATEGORY_"), cap.Amount))
            {
                v.Fail($"policy.category_caps[{i}].category", "appears twice");
            }
        }

        if (kind == PolicyKind.CategoryCaps && p.CategoryCaps.Count == 0)
        {
            v.Fail("policy.category_caps", "is required for a CATEGORY_CAPS policy");
        }
        else if (kind != PolicyKind.CategoryCaps && p.CategoryCaps.Count > 0)
        {
            v.Fail("policy.category_caps", "is only for CATEGORY_CAPS policies");
        }

        DateOnly? from = p.EffectiveFrom is null ? null : v.Date("policy.effective_from", p.EffectiveFrom);
        DateOnly? until = p.EffectiveUntil is null ? null : v.Date("policy.effective_until", p.EffectiveUntil);
        if (from is { } f && until is { } u && u < f)
        {
            v.Fail("policy.effective_until", "must not be before effective_from");
        }

        var legal = v.Required("policy.legal_reference", p.LegalReference, 1000);
        var source = v.Required("policy.source", p.Source, 1000);
        v.ThrowIfInvalid();

        return (new PolicyRow
        {
            Id = id,
            OriginCountry = origin,
            DestinationCountry = destination,
            JurisdictionCountry = jurisdiction,
            Sector = sector,
            Kind = PolicyKinds.Name(kind!.Value),
            Currency = currency,
            FixedCap = fixedCap,
            WageMultiple = multiple,
            ProRataPerYear = p.ProRataPerYear,
            ProhibitedCategories = Mapping.ToJson(prohibited),
            CategoryCaps = Mapping.ToJson(caps),
            CappedCategories = Mapping.ToJson(capped),
            EffectiveFrom = from,
            EffectiveUntil = until,
            LegalReference = legal,
            Source = source,
        }, expected, reason);
    }

    /// <summary>The fee categories of a list as stored ("MEDICAL"), each once; an unknown one named by its index.</summary>
    private static List<string> Categories(RequestValidator v, string field, IList<Contracts.WorkerContracts.V1.FeeCategory> categories)
    {
        var names = new List<string>();
        for (var i = 0; i < categories.Count; i++)
        {
            if (!ProtoEnums.IsSet(categories[i]))
            {
                v.Fail($"{field}[{i}]", $"{(int)categories[i]} is not a fee category");
            }
            else if (!names.Contains(ProtoEnums.Name(categories[i], "FEE_CATEGORY_")))
            {
                names.Add(ProtoEnums.Name(categories[i], "FEE_CATEGORY_"));
            }
        }

        return names;
    }
}
