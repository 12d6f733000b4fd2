using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.FeeAudits.Access;
using RecruitRegistry.FeeAudits.Audits;
using RecruitRegistry.FeeAudits.Model;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;

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
        var (row, expected, reason) = PolicyRequest.Read(request);
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

    /// <summary>
    /// The recorded versions of a policy, oldest first. A policy of the reference data (0003_default_policies.sql) has
    /// no row for its version 1: that migration is its record.
    /// </summary>
    public async Task<PolicyHistory> HistoryAsync(ListPolicyHistoryRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var id = v.Id("policy_id", request.PolicyId);
        v.ThrowIfInvalid();

        await using var work = await database.BeginAsync(ct);
        var policy = await work.QuerySingleOrDefaultAsync<PolicyRow>(PolicySql.ById, new { Id = id });
        if (policy is null || !FeeAuditsAccess.CanReadCorridor(caller, policy.OriginCountry, policy.DestinationCountry))
        {
            throw new NotFound("fee policy", id.ToString());
        }

        var changes = await work.QueryAsync<PolicyChangeRow>(PolicySql.HistoryOf, new { PolicyId = id });
        return new PolicyHistory
        {
            Changes =
            {
                changes.Select(c => new PolicyChange
                {
                    Version = c.Version,
                    Policy = Mapping.FromJson<PolicyRow>(c.Policy).ToProto(),
                    Actor = c.Actor,
                    Reason = c.Reason,
                    LegalBasis = c.LegalBasis ?? "",
                    RecordedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(c.RecordedAt),
                }),
            },
        };
    }

    private sealed record PolicyChangeRow
    {
        public long Version { get; init; }
        public string Policy { get; init; } = "";
        public string Actor { get; init; } = "";
        public string Reason { get; init; } = "";
        public string? LegalBasis { get; init; }
        public DateTimeOffset RecordedAt { get; init; }
    }

    private static bool Overlaps(PolicyRow a, PolicyRow b) =>
        (a.EffectiveFrom ?? DateOnly.MinValue) <= (b.EffectiveUntil ?? DateOnly.MaxValue)
        && (b.EffectiveFrom ?? DateOnly.MinValue) <= (a.EffectiveUntil ?? DateOnly.MaxValue);

    private static string Period(PolicyRow p) =>
        $"{p.EffectiveFrom?.ToString("yyyy-MM-dd") ?? "start not recorded"} to {p.EffectiveUntil?.ToString("yyyy-MM-dd") ?? "open-ended"}";
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

    public const string HistoryOf = "SELECT version, policy, actor, reason, legal_basis, recorded_at FROM fee_policy_history WHERE policy_id = @PolicyId ORDER BY version";

    public const string Withdraw = """
        UPDATE fee_policies SET withdrawn_from = @WithdrawnFrom, version = @Version, updated_by = @UpdatedBy, updated_at = @UpdatedAt
        WHERE id = @Id AND version = @Expected
        """;
}
