using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.FeeAudits.Access;
using RecruitRegistry.FeeAudits.Audits;
using RecruitRegistry.FeeAudits.Model;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;
using PolicyKind = RecruitRegistry.FeeAudits.Audits.PolicyKind;

namespace RecruitRegistry.FeeAudits.Policies;

/// <summary>
/// Fee policies as auditors keep them: validated, never overlapping another policy of the same scope (corridor,
/// jurisdiction, sector, kind) in time, versioned with an append-only history. A change never re-audits what was
/// audited; audits still UNDETERMINED in the corridor are tried again in the same transaction.
/// </summary>
internal sealed class PolicyCommands(FeeAuditsDatabase database, ContractAuditor auditor)
{
    public async Task<Contracts.FeeAudits.V1.FeePolicy> DefineAsync(DefinePolicyRequest request, Caller caller, CancellationToken ct)
    {
        var (row, expected, reason) = Validate(request);
        FeeAuditsAccess.ManageCorridor(caller, row.OriginCountry, row.DestinationCountry, "define its fee policies");

        await using var work = await database.BeginAsync(ct);
        var existing = row.Id == Guid.Empty ? null : await work.QuerySingleOrDefaultAsync<PolicyRow>(PolicySql.ById, new { row.Id })
            ?? throw new NotFound("fee policy", row.Id.ToString());
        if (existing is not null)
        {
            if (existing.Version != expected)
            {
                throw new StaleVersion("fee policy", existing.Id.ToString(), expected, existing.Version);
            }

            if (existing.WithdrawnFrom is { } withdrawn)
            {
                throw new PreconditionFailed($"the policy was withdrawn from {withdrawn:yyyy-MM-dd}: define a new one", "WITHDRAWN");
            }

            if (existing.OriginCountry != row.OriginCountry || existing.DestinationCountry != row.DestinationCountry)
            {
                throw new ValidationFailed([new FieldViolation("policy.origin_country", "a policy stays in its corridor: define a new one for another")]);
            }
        }

        row = row with
        {
            Id = existing?.Id ?? Guid.CreateVersion7(work.Now),
            Version = (existing?.Version ?? 0) + 1,
            UpdatedBy = caller.Actor,
            UpdatedAt = work.Now,
        };
        var sameScope = (await work.QueryAsync<PolicyRow>(AuditSql.Policies, new { Origin = row.OriginCountry, Destination = row.DestinationCountry }))
            .Where(p => p.Id != row.Id && p.JurisdictionCountry == row.JurisdictionCountry && p.Sector == row.Sector && p.Kind == row.Kind);
        if (sameScope.FirstOrDefault(p => Overlaps(p, row)) is { } other)
        {
            throw new ValidationFailed([new FieldViolation("policy.effective_from",
                $"overlaps policy {other.Id} of the same scope ({Period(other)}): end it first, then define this one from the next day")]);
        }

        await work.ExecuteAsync(existing is null ? PolicySql.Insert : PolicySql.Update, row);
        await work.ExecuteAsync(PolicySql.History, new
        {
            PolicyId = row.Id, row.Version, Policy = Mapping.ToJson(row), Actor = caller.Actor, Reason = reason, LegalBasis = (string?)null, RecordedAt = work.Now,
        });
        var waiting = await work.QueryAsync<AuditRow>(AuditSql.UndeterminedInCorridor, new { Origin = row.OriginCountry, Destination = row.DestinationCountry });
        await auditor.ReauditAsync(work, waiting);
        await work.CommitAsync();
        return row.ToProto();
    }

    /// <summary>
    /// Withdraws a policy for contracts signed from a day on: a new version with <c>withdrawn_from</c> set and a history
    /// row with the reason and legal basis. Audits made stay as they are; UNDETERMINED ones of the corridor are tried again.
    /// </summary>
    public async Task<Contracts.FeeAudits.V1.FeePolicy> WithdrawAsync(WithdrawPolicyRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var id = v.Id("policy_id", request.PolicyId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var from = v.Date("withdrawn_from", request.WithdrawnFrom);
        var reason = v.Required("reason", request.Reason, 2000);
        var legalBasis = v.Required("legal_basis", request.LegalBasis, 500);
        v.ThrowIfInvalid();

        await using var work = await database.BeginAsync(ct);
        var policy = await work.QuerySingleOrDefaultAsync<PolicyRow>(PolicySql.ById, new { Id = id })
            ?? throw new NotFound("fee policy", id.ToString());
        if (!FeeAuditsAccess.CanReadCorridor(caller, policy.OriginCountry, policy.DestinationCountry))
        {
            throw new NotFound("fee policy", id.ToString());
        }

        FeeAuditsAccess.ManageCorridor(caller, policy.OriginCountry, policy.DestinationCountry, "withdraw its fee policies");
        if (policy.Version != expected)
        {
            throw new StaleVersion("fee policy", id.ToString(), expected, policy.Version);
        }

        if (policy.WithdrawnFrom is { } withdrawn)
        {
            throw new PreconditionFailed($"the policy was withdrawn from {withdrawn:yyyy-MM-dd}", "WITHDRAWN");
        }

        var row = policy with { WithdrawnFrom = from, Version = policy.Version + 1, UpdatedBy = caller.Actor, UpdatedAt = work.Now };
        if (await work.ExecuteAsync(PolicySql.Withdraw, new { row.Id, row.WithdrawnFrom, row.Version, row.UpdatedBy, row.UpdatedAt, Expected = expected }) == 0)
        {
            throw new StaleVersion("fee policy", id.ToString(), expected, expected + 1);
        }

        await work.ExecuteAsync(PolicySql.History, new
        {
            PolicyId = row.Id, row.Version, Policy = Mapping.ToJson(row), Actor = caller.Actor, Reason = reason, LegalBasis = legalBasis, RecordedAt = work.Now,
        });
        var waiting = await work.QueryAsync<AuditRow>(AuditSql.UndeterminedInCorridor, new { Origin = row.OriginCountry, Destination = row.DestinationCountry });
        await auditor.ReauditAsync(work, waiting);
        await work.CommitAsync();
        return row.ToProto();
    }

    public async Task<ListPoliciesReply> ListAsync(ListPoliciesRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var origin = v.Country("origin_country", request.OriginCountry);
        var destination = v.Country("destination_country", request.DestinationCountry);
        v.ThrowIfInvalid();
        FeeAuditsAccess.ReadCorridor(caller, origin, destination, "its fee policies");
        await using var work = await database.BeginAsync(ct);
        var rows = await work.QueryAsync<PolicyRow>(AuditSql.Policies, new { Origin = origin, Destination = destination });
        return new ListPoliciesReply
        {
            Policies = { rows.OrderBy(p => p.JurisdictionCountry ?? "", StringComparer.Ordinal).ThenBy(p => p.Kind, StringComparer.Ordinal).ThenBy(p => p.EffectiveFrom).Select(p => p.ToProto()) },
        };
    }

    private static bool Overlaps(PolicyRow a, PolicyRow b) =>
        (a.EffectiveFrom ?? DateOnly.MinValue) <= (b.EffectiveUntil ?? DateOnly.MaxValue)
        && (b.EffectiveFrom ?? DateOnly.MinValue) <= (a.EffectiveUntil ?? DateOnly.MaxValue);

    private static string Period(PolicyRow p) =>
        $"{p.EffectiveFrom?.ToString("yyyy-MM-dd") ?? "start not recorded"} to {p.EffectiveUntil?.ToString("yyyy-MM-dd") ?? "open-ended"}";

    private static (PolicyRow Row, long Expected, string Reason) Validate(DefinePolicyRequest request)
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

/// <summary>Policy statements.</summary>
internal static class PolicySql
{
    public const string ById = "SELECT * FROM fee_policies WHERE id = @Id";

    public const string Insert = """
        INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple,
            pro_rata_per_year, prohibited_categories, category_caps, capped_categories, effective_from, effective_until, legal_reference, source,
            version, updated_by, updated_at)
        VALUES (@Id, @OriginCountry, @DestinationCountry, @JurisdictionCountry, @Sector, @Kind, @Currency, @FixedCap, @WageMultiple,
            @ProRataPerYear, @ProhibitedCategories, @CategoryCaps, @CappedCategories, @EffectiveFrom, @EffectiveUntil, @LegalReference, @Source,
            @Version, @UpdatedBy, @UpdatedAt)
        """;

    public const string Update = """
        UPDATE fee_policies SET jurisdiction_country = @JurisdictionCountry, sector = @Sector, kind = @Kind, currency = @Currency,
            fixed_cap = @FixedCap, wage_multiple = @WageMultiple, pro_rata_per_year = @ProRataPerYear,
            prohibited_categories = @ProhibitedCategories, category_caps = @CategoryCaps, capped_categories = @CappedCategories,
            effective_from = @EffectiveFrom,
            effective_until = @EffectiveUntil, legal_reference = @LegalReference, source = @Source, version = @Version,
            updated_by = @UpdatedBy, updated_at = @UpdatedAt
        WHERE id = @Id
        """;

    public const string History = """
        INSERT INTO fee_policy_history (policy_id, version, policy, actor, reason, legal_basis, recorded_at)
        VALUES (@PolicyId, @Version, @Policy, @Actor, @Reason, @LegalBasis, @RecordedAt)
        """;

    public const string Withdraw = """
        UPDATE fee_policies SET withdrawn_from = @WithdrawnFrom, version = @Version, updated_by = @UpdatedBy, updated_at = @UpdatedAt
        WHERE id = @Id AND version = @Expected
        """;
}
