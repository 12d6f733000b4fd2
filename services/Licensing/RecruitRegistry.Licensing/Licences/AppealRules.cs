using Google.Protobuf.WellKnownTypes;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.Licensing.Licences;

/// <summary>
/// Each country's rule for deciding appeals against its licence decisions: within how many days of filing, under which
/// law. No such time is in the reference data, so the authority enters its own law with its source (as auditors enter
/// fee policies), and the appeals queue shows each appeal's day to be decided by; without a rule it shows none.
/// </summary>
internal sealed class AppealRules(LicensingDatabase database)
{
    /// <summary>The longest time a rule may give: a year.</summary>
    public const int MaxDecisionDays = 365;

    public async Task<AppealRule> SetAsync(SetAppealRuleRequest request, Caller caller, CancellationToken ct)
    {
        if (caller.Role != CallerRole.Authority)
        {
            throw new Forbidden("only an authority sets the appeal rule of its own country");
        }

        var country = caller.Country!; // an authority's token always names its one country (CallerClaims)

        var v = new RequestValidator();
        if (request.DecisionDays is < 1 or > MaxDecisionDays)
        {
            v.Fail("decision_days", $"must be 1 to {MaxDecisionDays}");
        }

        var legalReference = v.Required("legal_reference", request.LegalReference, 500);
        var source = v.Required("source", request.Source, 500);
        var reason = v.Required("reason", request.Reason, 2000);
        if (request.ExpectedVersion < 0)
        {
            v.Fail("expected_version", "must be 0 for a first rule, or the version you last read");
        }

        v.ThrowIfInvalid();

        await using var work = await database.BeginAsync(ct);
        var current = await work.QuerySingleOrDefaultAsync<AppealRuleRow>(Sql.ByCountry, new { Country = country });
        if ((current?.Version ?? 0) != request.ExpectedVersion)
        {
            throw new StaleVersion("appeal rule", country, request.ExpectedVersion, current?.Version ?? 0);
        }

        var rule = new AppealRuleRow
        {
            Country = country,
            DecisionDays = request.DecisionDays,
            LegalReference = legalReference,
            Source = source,
            SetBy = caller.Actor,
            SetAt = work.NowAsStored,
            Version = request.ExpectedVersion + 1,
        };
        var written = await work.ExecuteAsync(current is null ? Sql.Insert : Sql.Update, new
        {
            rule.Country, rule.DecisionDays, rule.LegalReference, rule.Source, rule.SetBy, rule.SetAt, rule.Version, Expected = request.ExpectedVersion,
        });
        if (written != 1)
        {
            throw new StaleVersion("appeal rule", country, request.ExpectedVersion, request.ExpectedVersion + 1);
        }

        await work.ExecuteAsync(Sql.History, new
        {
            rule.Country, rule.Version, rule.DecisionDays, rule.LegalReference, rule.Source, Reason = reason, rule.SetBy, rule.SetAt,
        });
        await work.CommitAsync();
        return rule.ToReply();
    }

    public async Task<AppealRule> GetAsync(GetAppealRuleRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var country = v.Country("country", request.Country);
        v.ThrowIfInvalid();
        ReadRules(caller);
        await using var work = await database.BeginAsync(ct);
        var rule = await work.QuerySingleOrDefaultAsync<AppealRuleRow>(Sql.ByCountry, new { Country = country });
        await work.CommitAsync();
        return rule?.ToReply() ?? throw new NotFound("appeal rule of", country);
    }

    public async Task<AppealRuleHistory> HistoryAsync(GetAppealRuleRequest request, Caller caller, CancellationToken ct)
    {
        var v = new RequestValidator();
        var country = v.Country("country", request.Country);
        v.ThrowIfInvalid();
        ReadRules(caller);
        await using var work = await database.BeginAsync(ct);
        var changes = await work.QueryAsync<AppealRuleChangeRow>(Sql.HistoryOf, new { Country = country });
        await work.CommitAsync();
        return new AppealRuleHistory
        {
            Changes = { changes.Select(c => new AppealRuleChange { Rule = c.ToRule().ToReply(), Reason = c.Reason }) },
        };
    }

    private static void ReadRules(Caller caller)
    {
        if (caller.Role is not (CallerRole.Authority or CallerRole.Auditor or CallerRole.Agency))
        {
            throw new Forbidden("authorities, auditors and agencies read appeal rules");
        }
    }

    /// <summary>The rules of these countries, by country (a country without one is absent).</summary>
    public static async Task<IReadOnlyDictionary<string, AppealRuleRow>> OfAsync(UnitOfWork work, IEnumerable<string> countries)
    {
        var rules = new Dictionary<string, AppealRuleRow>();
        foreach (var country in countries.Distinct())
        {
            if (await work.QuerySingleOrDefaultAsync<AppealRuleRow>(Sql.ByCountry, new { Country = country }) is { } rule)
            {
                rules[country] = rule;
            }
        }

        return rules;
    }

    private static class Sql
    {
        public const string ByCountry = "SELECT * FROM appeal_rules WHERE country = @Country";

        public const string Insert = """
            INSERT INTO appeal_rules (country, decision_days, legal_reference, source, set_by, set_at, version)
            VALUES (@Country, @DecisionDays, @LegalReference, @Source, @SetBy, @SetAt, @Version)
            """;

        public const string Update = """
            UPDATE appeal_rules SET decision_days = @DecisionDays, legal_reference = @LegalReference, source = @Source,
                set_by = @SetBy, set_at = @SetAt, version = @Version
            WHERE country = @Country AND version = @Expected
            """;

        public const string HistoryOf = "SELECT * FROM appeal_rule_history WHERE country = @Country ORDER BY version";

        public const string History = """
            INSERT INTO appeal_rule_history (country, version, decision_days, legal_reference, source, reason, set_by, set_at)
            VALUES (@Country, @Version, @DecisionDays, @LegalReference, @Source, @Reason, @SetBy, @SetAt)
            """;
    }
}

internal sealed record AppealRuleRow
{
    public string Country { get; init; } = "";
    public int DecisionDays { get; init; }
    public string LegalReference { get; init; } = "";
    public string Source { get; init; } = "";
    public string SetBy { get; init; } = "";
    public DateTimeOffset SetAt { get; init; }
    public long Version { get; init; }

    /// <summary>The last day an appeal filed at <paramref name="filedAt"/> is to be decided by.</summary>
    public DateOnly DecideBy(DateTimeOffset filedAt) => DateOnly.FromDateTime(filedAt.UtcDateTime).AddDays(DecisionDays);

    public AppealRule ToReply() => new()
    {
        Country = Country,
        DecisionDays = DecisionDays,
        LegalReference = LegalReference,
        Source = Source,
        SetBy = SetBy,
        SetAt = Timestamp.FromDateTimeOffset(SetAt),
        Version = Version,
    };
}

/// <summary>One version of an appeal rule as <c>appeal_rule_history</c> keeps it.</summary>
internal sealed record AppealRuleChangeRow
{
    public string Country { get; init; } = "";
    public long Version { get; init; }
    public int DecisionDays { get; init; }
    public string LegalReference { get; init; } = "";
    public string Source { get; init; } = "";
    public string Reason { get; init; } = "";
    public string SetBy { get; init; } = "";
    public DateTimeOffset SetAt { get; init; }

    public AppealRuleRow ToRule() => new()
    {
        Country = Country, DecisionDays = DecisionDays, LegalReference = LegalReference, Source = Source, SetBy = SetBy, SetAt = SetAt, Version = Version,
    };
}
