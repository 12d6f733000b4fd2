using RecruitRegistry.Platform.Data;

namespace RecruitRegistry.FeeAudits.Reports;

/// <summary>
/// The report's aggregates, each one statement reading one corridor and one period through an index. An aggregate
/// groups by its key columns and, in turn, by each of its breakdowns: on PostgreSQL as GROUPING SETS (one scan, one hash
/// table per breakdown), on SQLite, which has no grouping sets, as a UNION ALL of one GROUP BY per breakdown. Both
/// return the same rows: the key columns, the breakdown's name and value, a count and a sum of minor units.
/// </summary>
internal static class ReportSql
{
    /// <summary>The breakdowns of a contract figure, as expressions over contract_replicas.</summary>
    public static IReadOnlyList<(string Name, string Expression)> ContractBreakdowns(DatabaseProvider provider) =>
    [
        (Breakdowns.Sex, "worker_sex"),
        (Breakdowns.Sector, "sector"),
        (Breakdowns.AgeBand, AgeBands.CaseExpression("worker_age_at_signing")),
        // The ISCO-08 major group is the first digit of the unit group.
        (Breakdowns.Occupation, "NULLIF(SUBSTR(isco08_code, 1, 1), '')"),
        (Breakdowns.Disability, "COALESCE(worker_disability, 'NOT_RECORDED')"),
        (Breakdowns.Month, MonthOf(provider, "registered_at")),
    ];

    /// <summary>The UTC month ("2026-03") of an instant column.</summary>
    private static string MonthOf(DatabaseProvider provider, string instant) => provider == DatabaseProvider.Postgres
        ? $"to_char({instant} AT TIME ZONE 'UTC', 'YYYY-MM')"
        : $"SUBSTR({instant}, 1, 7)"; // SQLite keeps instants as ISO 8601 UTC text

    public static string Contracts(DatabaseProvider provider) => Grouped(provider,
        """
        COALESCE(audit_outcome, 'PENDING') AS key, excess_currency AS currency, CASE WHEN oriented_on IS NULL THEN 0 ELSE 1 END AS oriented
        """,
        ["COALESCE(audit_outcome, 'PENDING')", "excess_currency", "CASE WHEN oriented_on IS NULL THEN 0 ELSE 1 END"],
        "COALESCE(SUM(excess_minor), 0)",
        """
        FROM contract_replicas
        WHERE origin_country = @Origin AND destination_country = @Destination AND registered_at >= @From AND registered_at < @To
        """,
        ContractBreakdowns(provider));

    public static string Cases(DatabaseProvider provider) => Grouped(provider,
        "state AS key, NULL AS currency, 0 AS oriented",
        ["state"],
        "0",
        """
        FROM cases
        WHERE origin_country = @Origin AND destination_country = @Destination AND opened_at >= @From AND opened_at < @To
        """,
        [(Breakdowns.Sex, "worker_sex"), (Breakdowns.Sector, "sector"), (Breakdowns.Month, MonthOf(provider, "opened_at"))]);

    public static string Refunds(DatabaseProvider provider) => Grouped(provider,
        "r.state AS key, r.currency AS currency, 0 AS oriented",
        ["r.state", "r.currency"],
        "SUM(r.amount_minor)",
        """
        FROM refund_orders r JOIN cases c ON c.id = r.case_id
        WHERE r.origin_country = @Origin AND r.destination_country = @Destination AND r.ordered_at >= @From AND r.ordered_at < @To
        """,
        [(Breakdowns.Sex, "c.worker_sex"), (Breakdowns.Sector, "c.sector"), (Breakdowns.Month, MonthOf(provider, "r.ordered_at"))]);

    public static string Grievances(DatabaseProvider provider) => Grouped(provider,
        "kind AS key, NULL AS currency, 0 AS oriented",
        ["kind"],
        "0",
        """
        FROM grievances
        WHERE origin_country = @Origin AND destination_country = @Destination AND filed_at >= @From AND filed_at < @To
        """,
        [(Breakdowns.State, "state"), (Breakdowns.Sex, "worker_sex"), (Breakdowns.Sector, "sector")]);

    public const string GrievanceKinds = "SELECT code FROM grievance_kinds ORDER BY code";

    public const string Agencies = """
        SELECT c.agency_id, a.legal_name, c.excess_currency AS currency, COUNT(*) AS count, COALESCE(SUM(c.excess_minor), 0) AS minor
        FROM cases c LEFT JOIN agency_replicas a ON a.id = c.agency_id
        WHERE c.origin_country = @Origin AND c.destination_country = @Destination
          AND c.state IN ('CONFIRMED', 'APPEALED', 'APPEAL_UPHELD') AND c.confirmed_at >= @From AND c.confirmed_at < @To
        GROUP BY c.agency_id, a.legal_name, c.excess_currency
        """;

    /// <summary>
    /// Rows (key, currency, oriented, breakdown, value, count, minor): <paramref name="keys"/> grouped with each
    /// breakdown in turn. In a grouping set only its own breakdown's expression is grouped, the others read NULL, so
    /// the value is the first non-NULL of them (NULL when the record does not say).
    /// </summary>
    private static string Grouped(
        DatabaseProvider provider, string select, IReadOnlyList<string> keys, string minor, string from, IReadOnlyList<(string Name, string Expression)> breakdowns)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var name = string.Join(" ", breakdowns.Select(b => $"WHEN GROUPING({b.Expression}) = 0 THEN '{b.Name}'"));
            var value = breakdowns.Count == 1 ? breakdowns[0].Expression : $"COALESCE({string.Join(", ", breakdowns.Select(b => b.Expression))})";
            var sets = string.Join(", ", breakdowns.Select(b => $"({string.Join(", ", keys.Append(b.Expression))})"));
            return $"""
                SELECT {select}, CASE {name} END AS breakdown, {value} AS value, COUNT(*) AS count, {minor} AS minor
                {from}
                GROUP BY GROUPING SETS ({sets})
                """;
        }

        return string.Join("\nUNION ALL\n", breakdowns.Select(b => $"""
            SELECT {select}, '{b.Name}' AS breakdown, {b.Expression} AS value, COUNT(*) AS count, {minor} AS minor
            {from}
            GROUP BY {string.Join(", ", keys.Append(b.Expression))}
            """));
    }
}

/// <summary>The names of the report's breakdowns, as the CSV and the rows of <see cref="ReportSql"/> call them.</summary>
internal static class Breakdowns
{
    public const string Sex = "sex";
    public const string Sector = "sector";
    public const string AgeBand = "age_band";
    public const string Occupation = "occupation";
    public const string Disability = "disability";
    public const string Month = "month";
    public const string State = "state";

    /// <summary>Every breakdown, in the order a figure and the CSV list them.</summary>
    public static readonly IReadOnlyList<string> All = [Sex, Sector, AgeBand, Occupation, Disability, Month, State];
}

/// <summary>
/// The age bands at signing the report counts workers in (issue 37; the ten-year bands of ILOSTAT's labour statistics,
/// the first starting at 18, the floor for recruitment abroad: ILO C138, C182). A band is named by its bounds.
/// </summary>
internal static class AgeBands
{
    public static readonly IReadOnlyList<int> LowerBounds = [18, 25, 35, 45, 55];

    public static string Name(int index) =>
        index == LowerBounds.Count - 1 ? $"{LowerBounds[index]}+" : $"{LowerBounds[index]}-{LowerBounds[index + 1] - 1}";

    /// <summary>A CASE naming the band of <paramref name="age"/> (ages below the first bound, which no registration allows, count in the first).</summary>
    public static string CaseExpression(string age) =>
        $"CASE WHEN {age} IS NULL THEN NULL "
        + string.Concat(Enumerable.Range(1, LowerBounds.Count - 1).Select(i => $"WHEN {age} < {LowerBounds[i]} THEN '{Name(i - 1)}' "))
        + $"ELSE '{Name(LowerBounds.Count - 1)}' END";
}
