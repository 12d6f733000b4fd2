using System.Globalization;
using System.Text;
using CsvHelper;
using Google.Protobuf;
using Google.Protobuf.Collections;
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
/// The corridor report for a period (registration, opening, ordering, confirmation and filing days, inclusive, UTC):
/// five grouped aggregates in one snapshot (<see cref="ReportSql"/>) — contracts by audit outcome, excess currency and
/// orientation, each by sex, sector, age band, occupation, disability and month; cases by state and refunds by state and
/// currency, each by sex and sector; grievances by kind, each by state, sex and sector; confirmed violations by agency —
/// rolled up here into the figures and their breakdowns. Amounts are summed in SQL as integer minor units, so both
/// engines sum exactly. No count of fewer workers than the minimum cell size leaves the service
/// (<see cref="DisclosureControl"/>, docs/reports.md).
/// </summary>
internal sealed class CorridorReports(FeeAuditsDatabase database, IOptions<FeeAuditsOptions> options)
{
    public const int MaxYears = 10;
    public const int TopAgencies = 10;

    /// <summary>What a suppressed count reads as in the CSV export (never a zero or an empty field).</summary>
    public const string Suppressed = "suppressed";

    private const string Unknown = "UNKNOWN";

    private static readonly string[] Outcomes = ["COMPLIANT", "VIOLATION", "UNDETERMINED", "PENDING"];

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

        var provider = database.Dialect.Provider;
        await using var work = await database.BeginAsync(ct);
        var contracts = Family.Of(await work.QueryAsync<Group>(ReportSql.Contracts(provider), window),
            [Breakdowns.Sex, Breakdowns.Sector, Breakdowns.AgeBand, Breakdowns.Occupation, Breakdowns.Disability, Breakdowns.Month]);
        var cases = Family.Of(await work.QueryAsync<Group>(ReportSql.Cases(provider), window), [Breakdowns.Sex, Breakdowns.Sector, Breakdowns.Month]);
        var refunds = Family.Of(await work.QueryAsync<Group>(ReportSql.Refunds(provider), window), [Breakdowns.Sex, Breakdowns.Sector, Breakdowns.Month]);
        var grievances = Family.Of(await work.QueryAsync<Group>(ReportSql.Grievances(provider), window),
            [Breakdowns.State, Breakdowns.Sex, Breakdowns.Sector]);
        var kinds = (await work.QueryAsync<string>(ReportSql.GrievanceKinds)).ToList();
        var agencies = (await work.QueryAsync<AgencyGroup>(ReportSql.Agencies, window)).ToList();

        var report = new CorridorReport
        {
            OriginCountry = origin,
            DestinationCountry = destination,
            From = from.ToDate(),
            To = to.ToDate(),
            GeneratedAt = Timestamp.FromDateTimeOffset(work.Now),
            ContractsRegistered = contracts.Figure("contracts_registered", _ => true, withAmounts: false),
            ExcessFound = contracts.Figure("excess_found", g => g.Key == "VIOLATION", withAmounts: true),
            OrientationRecorded = contracts.Figure("orientation_recorded", g => g.Oriented == 1, withAmounts: false),
            OrientationNotRecorded = contracts.Figure("orientation_not_recorded", g => g.Oriented == 0, withAmounts: false),
            RefundsOrdered = refunds.Figure("refunds_ordered", _ => true, withAmounts: true),
            RefundsPaid = refunds.Figure("refunds_paid", g => g.Key == RefundStates.Paid, withAmounts: true),
            GrievancesFiled = grievances.Figure("grievances_filed", _ => true, withAmounts: false),
        };
        report.AuditsByOutcome.AddRange(Outcomes.Select(outcome => contracts.Figure(outcome, g => g.Key == outcome, withAmounts: false)));
        report.CasesByState.AddRange(System.Enum.GetValues<CaseState>().Where(s => s != CaseState.Unspecified)
            .Select(state => ProtoEnums.Name(state, "CASE_STATE_"))
            .Select(name => cases.Figure(name, g => g.Key == name, withAmounts: false)));
        report.GrievancesByKind.AddRange(kinds.Select(kind => grievances.Figure(kind, g => g.Key == kind, withAmounts: false)));

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
    /// figure with each of its breakdowns; the contracts registered as the sum of the audit outcomes, and as the sum of
    /// the contracts with and without an orientation, in total and per value of each breakdown; the grievances filed as
    /// the sum of the kinds, likewise; the excess found with the VIOLATION outcome it is the amount of. Cases by state and
    /// refunds have no published total across figures, so each figure is its own line.
    /// </summary>
    private void Protect(CorridorReport report)
    {
        var control = new DisclosureControl(options.Value.MinimumCellSize);
        var cells = new Dictionary<Figure, FigureCells>();
        foreach (var figure in new[] { report.ContractsRegistered, report.ExcessFound, report.OrientationRecorded, report.OrientationNotRecorded,
                     report.RefundsOrdered, report.RefundsPaid, report.GrievancesFiled }
                     .Concat(report.AuditsByOutcome).Concat(report.CasesByState).Concat(report.GrievancesByKind))
        {
            var total = control.Add(figure.Count, () => Hide(figure));
            var breakdowns = BreakdownsOf(figure).Select(list => list.Select(b => control.Add(b.Count, () => Hide(b))).ToArray())
                .Where(row => row.Length > 0).ToArray();
            foreach (var row in breakdowns)
            {
                control.Line(total, row);
            }

            cells[figure] = new FigureCells(total, breakdowns);
        }

        Partition(control, cells[report.ContractsRegistered], report.AuditsByOutcome.Select(f => cells[f]).ToList());
        Partition(control, cells[report.ContractsRegistered], [cells[report.OrientationRecorded], cells[report.OrientationNotRecorded]]);
        Partition(control, cells[report.GrievancesFiled], report.GrievancesByKind.Select(f => cells[f]).ToList());

        // The excess found is the VIOLATION outcome's amounts: one is hidden wherever the other is.
        var (violation, excess) = (cells[report.AuditsByOutcome.Single(f => f.Name == "VIOLATION")], cells[report.ExcessFound]);
        foreach (var (v, e) in violation.All().Zip(excess.All()))
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

    /// <summary>The whole is the sum of the parts, in total and per value of each breakdown (the figures of one family list the same values).</summary>
    private static void Partition(DisclosureControl control, FigureCells whole, IReadOnlyList<FigureCells> parts)
    {
        if (parts.Count == 0)
        {
            return;
        }

        var wholeCells = whole.All().ToList();
        var partCells = parts.Select(p => p.All().ToList()).ToList();
        for (var i = 0; i < wholeCells.Count; i++)
        {
            control.Line(wholeCells[i], partCells.Select(p => p[i]));
        }
    }

    /// <summary>A figure's cells: its total and each breakdown's.</summary>
    private sealed record FigureCells(DisclosureControl.Cell Total, DisclosureControl.Cell[][] Breakdowns)
    {
        public IEnumerable<DisclosureControl.Cell> All() => Breakdowns.SelectMany(b => b).Prepend(Total);
    }

    private static IEnumerable<RepeatedField<Breakdown>> BreakdownsOf(Figure figure) => Breakdowns.All.Select(name => BreakdownOf(figure, name));

    private static RepeatedField<Breakdown> BreakdownOf(Figure figure, string name) => name switch
    {
        Breakdowns.Sex => figure.BySex,
        Breakdowns.Sector => figure.BySector,
        Breakdowns.AgeBand => figure.ByAgeBand,
        Breakdowns.Occupation => figure.ByOccupation,
        Breakdowns.Disability => figure.ByDisability,
        Breakdowns.Month => figure.ByMonth,
        Breakdowns.State => figure.ByState,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

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
                .Concat([report.OrientationRecorded, report.OrientationNotRecorded])
                .Concat(report.CasesByState.Select(f => Prefixed("cases_", f)))
                .Concat([report.ExcessFound, report.RefundsOrdered, report.RefundsPaid, report.GrievancesFiled])
                .Concat(report.GrievancesByKind.Select(f => Prefixed("grievances_", f)));
            foreach (var figure in figures)
            {
                WriteRows(csv, figure.Name, "all", "", figure.Suppressed ? null : figure.Count, figure.Amounts);
                foreach (var name in Breakdowns.All)
                {
                    foreach (var b in BreakdownOf(figure, name))
                    {
                        WriteRows(csv, figure.Name, name, b.Key, b.Suppressed ? null : b.Count, b.Amounts);
                    }
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

    /// <summary>
    /// The rows of one aggregate (contracts, cases, refunds, grievances) and the values each of its breakdowns takes in
    /// the period: every figure of the family lists all of them, zero where it has none, so an absent row never stands
    /// for a small count.
    /// </summary>
    private sealed class Family
    {
        private readonly IReadOnlyList<Group> rows;
        private readonly IReadOnlyList<(string Name, IReadOnlyList<string> Values)> breakdowns;

        private Family(IReadOnlyList<Group> rows, IReadOnlyList<(string Name, IReadOnlyList<string> Values)> breakdowns) =>
            (this.rows, this.breakdowns) = (rows, breakdowns);

        public static Family Of(IEnumerable<Group> rows, IReadOnlyList<string> names)
        {
            var all = rows.ToList();
            return new Family(all, [.. names.Select(name => (name, (IReadOnlyList<string>)[.. all.Where(g => g.Breakdown == name)
                .Select(g => g.Value ?? Unknown).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]))]);
        }

        /// <summary>The rows <paramref name="include"/> takes, as a figure; the total is read from the first breakdown, which every row has one of.</summary>
        public Figure Figure(string name, Func<Group, bool> include, bool withAmounts)
        {
            var matching = rows.Where(include).ToList();
            var first = matching.Where(g => g.Breakdown == breakdowns[0].Name).ToList();
            var figure = new Figure { Name = name, Count = first.Sum(g => g.Count) };
            if (withAmounts)
            {
                figure.Amounts.AddRange(AmountsOf(first));
            }

            foreach (var (breakdown, values) in breakdowns)
            {
                BreakdownOf(figure, breakdown).AddRange(values.Select(value =>
                {
                    var cell = matching.Where(g => g.Breakdown == breakdown && (g.Value ?? Unknown) == value).ToList();
                    var b = new Breakdown { Key = value, Count = cell.Sum(g => g.Count) };
                    if (withAmounts)
                    {
                        b.Amounts.AddRange(AmountsOf(cell));
                    }

                    return b;
                }));
            }

            return figure;
        }

        private static IEnumerable<Money> AmountsOf(IEnumerable<Group> groups) =>
            Amounts(groups.Where(g => g.Currency is not null).Select(g => (g.Currency!, g.Minor)));
    }

    /// <summary>One row of a grouped aggregate: its key (outcome, state, kind), currency and orientation, the breakdown and its value, a count and minor units.</summary>
    private sealed record Group
    {
        public string Key { get; init; } = "";
        public string? Currency { get; init; }
        public long Oriented { get; init; }
        public string Breakdown { get; init; } = "";
        public string? Value { get; init; }
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
