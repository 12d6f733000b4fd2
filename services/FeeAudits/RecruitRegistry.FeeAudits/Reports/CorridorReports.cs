using System.Globalization;
using System.Text;
using CsvHelper;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.FeeAudits.Access;
using RecruitRegistry.FeeAudits.Cases;
using RecruitRegistry.FeeAudits.Model;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.FeeAudits.Reports;

/// <summary>
/// The corridor report for a period (registration, opening, ordering and confirmation days, inclusive, UTC): four
/// grouped aggregates in one snapshot — contracts by sex, sector, audit outcome and excess currency; cases by state, sex
/// and sector; refunds by state, sex, sector and currency; confirmed violations by agency — rolled up here into the
/// figures and their breakdowns. Amounts are summed in SQL as integer minor units, so both engines sum exactly. No count
/// of fewer workers than the minimum cell size leaves the service (<see cref="DisclosureControl"/>, docs/reports.md).
/// </summary>
internal sealed class CorridorReports(FeeAuditsDatabase database, IOptions<FeeAuditsOptions> options)
{
    public const int MaxYears = 10;
    public const int TopAgencies = 10;

    /// <summary>What a suppressed count reads as in the CSV export (never a zero or an empty field).</summary>
    public const string Suppressed = "suppressed";

    private const string Unknown = "UNKNOWN";

    public async Task<CorridorReport> ReportAsync(CorridorReportRequest request, Caller caller, CancellationToken ct)
    {
        var (origin, destination, from, to) = Validate(request);
        FeeAuditsAccess.ReadCorridor(caller, origin, destination, "its reports");
        var window = new
        {
            Origin = origin,
            Destination = destination,
            From = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            To = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        };

        await using var work = await database.BeginAsync(ct);
        var contracts = (await work.QueryAsync<Group>(ReportSql.Contracts, window)).ToList();
        var cases = (await work.QueryAsync<Group>(ReportSql.Cases, window)).ToList();
        var refunds = (await work.QueryAsync<Group>(ReportSql.Refunds, window)).ToList();
        var agencies = (await work.QueryAsync<AgencyGroup>(ReportSql.Agencies, window)).ToList();

        var contractKeys = Keys.Of(contracts);
        var caseKeys = Keys.Of(cases);
        var refundKeys = Keys.Of(refunds);
        var report = new CorridorReport
        {
            OriginCountry = origin,
            DestinationCountry = destination,
            From = from.ToDate(),
            To = to.ToDate(),
            GeneratedAt = Timestamp.FromDateTimeOffset(work.Now),
            ContractsRegistered = Figure("contracts_registered", contracts, contractKeys, withAmounts: false),
            ExcessFound = Figure("excess_found", contracts.Where(g => g.Key == "VIOLATION").ToList(), contractKeys, withAmounts: true),
            RefundsOrdered = Figure("refunds_ordered", refunds, refundKeys, withAmounts: true),
            RefundsPaid = Figure("refunds_paid", refunds.Where(g => g.Key == RefundStates.Paid).ToList(), refundKeys, withAmounts: true),
        };
        foreach (var outcome in new[] { "COMPLIANT", "VIOLATION", "UNDETERMINED", "PENDING" })
        {
            report.AuditsByOutcome.Add(Figure(outcome, contracts.Where(g => g.Key == outcome).ToList(), contractKeys, withAmounts: false));
        }

        foreach (var state in System.Enum.GetValues<CaseState>().Where(s => s != CaseState.Unspecified))
        {
            var name = ProtoEnums.Name(state, "CASE_STATE_");
            report.CasesByState.Add(Figure(name, cases.Where(g => g.Key == name).ToList(), caseKeys, withAmounts: false));
        }

        report.AgenciesMostViolations.AddRange(agencies
            .GroupBy(a => (a.AgencyId, a.LegalName))
            .Select(g => new AgencyViolations
            {
                AgencyId = g.Key.AgencyId.ToString(),
                LegalName = g.Key.LegalName ?? "",
                ConfirmedCases = g.Sum(a => a.Count),
                Excess = { Amounts(g.Where(a => a.Currency is not null).Select(a => (a.Currency!, a.Minor))) },
            })
            .OrderByDescending(a => a.ConfirmedCases).ThenBy(a => a.AgencyId, StringComparer.Ordinal)
            .Take(TopAgencies));
        Protect(report);
        return report;
    }

    /// <summary>
    /// Suppresses what would describe fewer workers than the minimum. The lines are what a reader can add up: each
    /// figure with its breakdowns by sex and by sector; the audit outcomes with the contracts registered, in total and per
    /// sex and sector; the excess found with the VIOLATION outcome it is the amount of. Cases by state and refunds have no
    /// published total across figures, so each figure is its own line.
    /// </summary>
    private void Protect(CorridorReport report)
    {
        var control = new DisclosureControl(options.Value.MinimumCellSize);
        var cells = new Dictionary<Figure, (DisclosureControl.Cell Total, DisclosureControl.Cell[] Sex, DisclosureControl.Cell[] Sector)>();
        foreach (var figure in new[] { report.ContractsRegistered, report.ExcessFound, report.RefundsOrdered, report.RefundsPaid }
            .Concat(report.AuditsByOutcome).Concat(report.CasesByState))
        {
            var total = control.Add(figure.Count, () => Hide(figure));
            var sex = figure.BySex.Select(b => control.Add(b.Count, () => Hide(b))).ToArray();
            var sector = figure.BySector.Select(b => control.Add(b.Count, () => Hide(b))).ToArray();
            control.Line(total, sex);
            control.Line(total, sector);
            cells[figure] = (total, sex, sector);
        }

        var registered = cells[report.ContractsRegistered];
        var outcomes = report.AuditsByOutcome.Select(f => cells[f]).ToList();
        control.Line(registered.Total, outcomes.Select(o => o.Total));
        for (var i = 0; i < registered.Sex.Length; i++)
        {
            control.Line(registered.Sex[i], outcomes.Select(o => o.Sex[i]));
        }

        for (var i = 0; i < registered.Sector.Length; i++)
        {
            control.Line(registered.Sector[i], outcomes.Select(o => o.Sector[i]));
        }

        // The excess found is the VIOLATION outcome's amounts: one is hidden wherever the other is.
        var (violation, excess) = (cells[report.AuditsByOutcome.Single(f => f.Name == "VIOLATION")], cells[report.ExcessFound]);
        foreach (var (v, e) in new[] { (violation.Total, excess.Total) }.Concat(violation.Sex.Zip(excess.Sex)).Concat(violation.Sector.Zip(excess.Sector)))
        {
            control.Line(v, [e]);
        }

        foreach (var agency in report.AgenciesMostViolations)
        {
            control.Add(agency.ConfirmedCases, () =>
            {
                agency.ClearConfirmedCases();
                agency.Excess.Clear();
                agency.Suppressed = true;
            });
        }

        control.Apply();
    }

    private static void Hide(Figure figure)
    {
        figure.ClearCount();
        figure.Amounts.Clear();
        figure.Suppressed = true;
    }

    private static void Hide(Breakdown breakdown)
    {
        breakdown.ClearCount();
        breakdown.Amounts.Clear();
        breakdown.Suppressed = true;
    }

    public async Task<CsvExport> ExportCsvAsync(CorridorReportRequest request, Caller caller, CancellationToken ct)
    {
        var report = await ReportAsync(request, caller, ct);
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\r\n" };
        using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var header in new[] { "figure", "breakdown", "key", "count", "currency", "amount" })
            {
                csv.WriteField(header);
            }

            csv.NextRecord();
            var figures = new[] { report.ContractsRegistered }.Concat(report.AuditsByOutcome.Select(f => Prefixed("audits_", f)))
                .Concat(report.CasesByState.Select(f => Prefixed("cases_", f)))
                .Concat([report.ExcessFound, report.RefundsOrdered, report.RefundsPaid]);
            foreach (var figure in figures)
            {
                WriteRows(csv, figure.Name, "all", "", figure.Suppressed ? null : figure.Count, figure.Amounts);
                foreach (var b in figure.BySex)
                {
                    WriteRows(csv, figure.Name, "sex", b.Key, b.Suppressed ? null : b.Count, b.Amounts);
                }

                foreach (var b in figure.BySector)
                {
                    WriteRows(csv, figure.Name, "sector", b.Key, b.Suppressed ? null : b.Count, b.Amounts);
                }
            }

            foreach (var agency in report.AgenciesMostViolations)
            {
                WriteRows(csv, "confirmed_violations_by_agency", agency.LegalName, agency.AgencyId, agency.Suppressed ? null : agency.ConfirmedCases, agency.Excess);
            }
        }

        var (from, to) = (report.From, report.To);
        return new CsvExport
        {
            FileName = string.Create(CultureInfo.InvariantCulture,
                $"corridor-report-{report.OriginCountry}-{report.DestinationCountry}-{from.Year:D4}-{from.Month:D2}-{from.Day:D2}-{to.Year:D4}-{to.Month:D2}-{to.Day:D2}.csv"),
            Content = ByteString.CopyFrom(Encoding.UTF8.GetBytes(text.ToString())),
        };
    }

    private static Figure Prefixed(string prefix, Figure f)
    {
        var copy = f.Clone();
        copy.Name = prefix + f.Name.ToLowerInvariant();
        return copy;
    }

    /// <summary>One row per currency; a figure without amounts, or a suppressed one (count null), has one row.</summary>
    private static void WriteRows(CsvWriter csv, string figure, string breakdown, string key, long? count, IReadOnlyCollection<Money> amounts)
    {
        foreach (var amount in amounts.Count == 0 ? [null] : amounts.Cast<Money?>())
        {
            csv.WriteField(figure);
            csv.WriteField(breakdown);
            csv.WriteField(key);
            csv.WriteField(count is { } n ? n.ToString(CultureInfo.InvariantCulture) : Suppressed);
            csv.WriteField(amount?.CurrencyCode ?? "");
            csv.WriteField(amount?.Amount ?? "");
            csv.NextRecord();
        }
    }

    private static Figure Figure(string name, IReadOnlyList<Group> groups, Keys keys, bool withAmounts)
    {
        var figure = new Figure
        {
            Name = name,
            Count = groups.Sum(g => g.Count),
        };
        if (withAmounts)
        {
            figure.Amounts.AddRange(Amounts(groups.Where(g => g.Currency is not null).Select(g => (g.Currency!, g.Minor))));
        }

        figure.BySex.AddRange(Breakdown(groups, keys.Sexes, g => g.Sex, withAmounts));
        figure.BySector.AddRange(Breakdown(groups, keys.Sectors, g => g.Sector, withAmounts));
        return figure;
    }

    /// <summary>One breakdown per key of the figure's family, zero where the figure has none (a zero is a small count too).</summary>
    private static IEnumerable<Breakdown> Breakdown(IReadOnlyList<Group> groups, IReadOnlyList<string> keys, Func<Group, string?> key, bool withAmounts) =>
        keys.Select(k =>
        {
            var matching = groups.Where(g => (key(g) ?? Unknown) == k).ToList();
            var b = new Breakdown { Key = k, Count = matching.Sum(x => x.Count) };
            if (withAmounts)
            {
                b.Amounts.AddRange(Amounts(matching.Where(x => x.Currency is not null).Select(x => (x.Currency!, x.Minor))));
            }

            return b;
        });

    private static IEnumerable<Money> Amounts(IEnumerable<(string Currency, long Minor)> amounts) =>
        amounts.GroupBy(a => a.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Mapping.ToMoney(g.Key, Mapping.FromMinor(g.Sum(a => a.Minor), g.Key)));

    private static (string Origin, string Destination, DateOnly From, DateOnly To) Validate(CorridorReportRequest request)
    {
        var v = new RequestValidator();
        var origin = v.Country("origin_country", request.OriginCountry);
        var destination = v.Country("destination_country", request.DestinationCountry);
        var from = v.Date("from", request.From);
        var to = v.Date("to", request.To);
        if (v.IsValid && to < from)
        {
            v.Fail("to", "must not be before from");
        }
        else if (v.IsValid && to >= from.AddYears(MaxYears))
        {
            v.Fail("to", $"a report spans at most {MaxYears} years");
        }

        v.ThrowIfInvalid();
        return (origin, destination, from, to);
    }

    /// <summary>The values of each breakdown seen in a family of figures (contracts, cases, refunds) in the period.</summary>
    private sealed record Keys(IReadOnlyList<string> Sexes, IReadOnlyList<string> Sectors)
    {
        public static Keys Of(IReadOnlyList<Group> groups) => new(
            [.. groups.Select(g => g.Sex ?? Unknown).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            [.. groups.Select(g => g.Sector ?? Unknown).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
    }

    /// <summary>One row of a grouped aggregate: the group's key (outcome, state), sex, sector, currency, count and minor units.</summary>
    private sealed record Group
    {
        public string Key { get; init; } = "";
        public string? Sex { get; init; }
        public string? Sector { get; init; }
        public string? Currency { get; init; }
        public long Count { get; init; }
        public long Minor { get; init; }
    }

    private sealed record AgencyGroup
    {
        public Guid AgencyId { get; init; }
        public string? LegalName { get; init; }
        public string? Currency { get; init; }
        public long Count { get; init; }
        public long Minor { get; init; }
    }
}

/// <summary>The report's aggregates; each reads one corridor and one period through an index.</summary>
internal static class ReportSql
{
    public const string Contracts = """
        SELECT COALESCE(audit_outcome, 'PENDING') AS key, worker_sex AS sex, sector, excess_currency AS currency,
               COUNT(*) AS count, COALESCE(SUM(excess_minor), 0) AS minor
        FROM contract_replicas
        WHERE origin_country = @Origin AND destination_country = @Destination AND registered_at >= @From AND registered_at < @To
        GROUP BY COALESCE(audit_outcome, 'PENDING'), worker_sex, sector, excess_currency
        """;

    public const string Cases = """
        SELECT state AS key, worker_sex AS sex, sector, NULL AS currency, COUNT(*) AS count, 0 AS minor
        FROM cases
        WHERE origin_country = @Origin AND destination_country = @Destination AND opened_at >= @From AND opened_at < @To
        GROUP BY state, worker_sex, sector
        """;

    public const string Refunds = """
        SELECT r.state AS key, c.worker_sex AS sex, c.sector, r.currency, COUNT(*) AS count, SUM(r.amount_minor) AS minor
        FROM refund_orders r JOIN cases c ON c.id = r.case_id
        WHERE r.origin_country = @Origin AND r.destination_country = @Destination AND r.ordered_at >= @From AND r.ordered_at < @To
        GROUP BY r.state, c.worker_sex, c.sector, r.currency
        """;

    public const string Agencies = """
        SELECT c.agency_id, a.legal_name, c.excess_currency AS currency, COUNT(*) AS count, COALESCE(SUM(c.excess_minor), 0) AS minor
        FROM cases c LEFT JOIN agency_replicas a ON a.id = c.agency_id
        WHERE c.origin_country = @Origin AND c.destination_country = @Destination
          AND c.state IN ('CONFIRMED', 'APPEALED', 'APPEAL_UPHELD') AND c.confirmed_at >= @From AND c.confirmed_at < @To
        GROUP BY c.agency_id, a.legal_name, c.excess_currency
        """;
}
