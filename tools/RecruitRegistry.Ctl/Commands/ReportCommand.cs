using System.CommandLine;
using System.Globalization;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Ctl.Cli;
using RecruitRegistry.Spreadsheets;
using Spectre.Console;

namespace RecruitRegistry.Ctl.Commands;

/// <summary>report corridor: FeeAudits' corridor report as a table and a chart, and as the service's CSV or a workbook of it.</summary>
public static class ReportCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var corridor = Corridor.Argument("The corridor");
        var from = DateOption("--from", "The first day (yyyy-MM-dd). [default: the first of the month eleven months ago]");
        var to = DateOption("--to", "The last day (yyyy-MM-dd). [default: today]");
        var csv = new Option<FileInfo?>("--csv") { Description = "Also write the report's CSV (as FeeAudits exports it) to this file." };
        var xlsx = new Option<FileInfo?>("--xlsx") { Description = "Also write the same table as an Excel workbook to this file." };
        var command = new Command(
            "corridor",
            "The corridor report: contracts registered, audits, cases, excess found, refunds and grievances, with their breakdowns. " +
            "Cells of fewer workers than the minimum cell size are suppressed, as in the service (docs/reports.md).")
        {
            corridor, from, to, csv, xlsx,
        };
        command.SetSessionAction(globals, async (parse, session, ct) =>
        {
            var c = parse.GetRequiredValue(corridor);
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var request = new CorridorReportRequest
            {
                OriginCountry = c.Origin,
                DestinationCountry = c.Destination,
                From = ToDate(parse.GetValue(from) ?? new DateOnly(today.Year, today.Month, 1).AddMonths(-11)),
                To = ToDate(parse.GetValue(to) ?? today),
            };
            var report = await session.Audits.GetCorridorReportAsync(request, session.Call(ct));
            if (parse.GetValue(csv) is not null || parse.GetValue(xlsx) is not null)
            {
                var export = await session.Audits.ExportCorridorReportCsvAsync(request, session.Call(ct));
                if (parse.GetValue(csv) is { } csvPath)
                {
                    await File.WriteAllBytesAsync(csvPath.FullName, export.Content.ToByteArray(), ct);
                    session.Output.Note($"CSV: {csvPath.FullName}");
                }

                if (parse.GetValue(xlsx) is { } xlsxPath)
                {
                    await File.WriteAllBytesAsync(xlsxPath.FullName, XlsxFile.FromCsv(export.Content.ToByteArray(), c.ToString(), ReportColumns.Numeric), ct);
                    session.Output.Note($"XLSX: {xlsxPath.FullName}");
                }
            }

            if (session.Output.IsJson)
            {
                session.Output.WriteJson(report);
            }
            else
            {
                Show(session.Output, c, report);
            }

            return ExitCodes.Ok;
        });
        return new Command("report", "Reports.") { command };
    }

    private static void Show(Output output, Corridor corridor, CorridorReport report)
    {
        output.Result.Write(new Rule($"{corridor} {Day(report.From)} to {Day(report.To)}").LeftJustified());
        var table = new Table().AddColumns("figure", "count", "amounts");
        var figures = new[] { report.ContractsRegistered }
            .Concat(report.AuditsByOutcome.Select(f => Named("audits " + f.Name, f)))
            .Concat(report.CasesByState.Select(f => Named("cases " + f.Name, f)))
            .Concat([report.ExcessFound, report.RefundsOrdered, report.RefundsPaid, report.GrievancesFiled, report.OrientationRecorded]);
        foreach (var figure in figures.Where(f => f is not null))
        {
            table.AddRow(figure.Name, Count(figure.Suppressed, figure.Count, figure.HasCount), string.Join(", ", figure.Amounts.Select(SearchCommands.Money)));
        }

        output.Write(table);

        // Registrations by month, the figure a ministry puts first; a suppressed month is named, not drawn as zero.
        var months = report.ContractsRegistered?.ByMonth ?? [];
        if (months.Any(m => !m.Suppressed))
        {
            var chart = new BarChart().Label("contracts registered by month").Width(70);
            foreach (var month in months.Where(m => !m.Suppressed))
            {
                chart.AddItem(month.Key, month.Count, Color.SteelBlue);
            }

            output.Write(chart);
        }

        var suppressed = months.Where(m => m.Suppressed).Select(m => m.Key).ToList();
        if (suppressed.Count > 0)
        {
            output.Line($"months suppressed (too few workers to show): {string.Join(", ", suppressed)}");
        }

        if (report.AgenciesMostViolations.Count > 0)
        {
            var agencies = new Table().AddColumns("agency", "confirmed cases", "excess");
            foreach (var agency in report.AgenciesMostViolations)
            {
                agencies.AddRow(Markup.Escape(agency.LegalName), Count(agency.Suppressed, agency.ConfirmedCases, agency.HasConfirmedCases),
                    string.Join(", ", agency.Excess.Select(SearchCommands.Money)));
            }

            output.Write(agencies);
        }
    }

    private static Figure Named(string name, Figure figure)
    {
        var copy = figure.Clone();
        copy.Name = name;
        return copy;
    }

    private static string Count(bool suppressed, long count, bool has) =>
        suppressed ? "suppressed" : has ? count.ToString("N0", CultureInfo.InvariantCulture) : "";

    private static string Day(Date date) => $"{date.Year:D4}-{date.Month:D2}-{date.Day:D2}";

    private static Date ToDate(DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };

    private static Option<DateOnly?> DateOption(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r =>
        {
            if (DateOnly.TryParseExact(r.Tokens.Count == 1 ? r.Tokens[0].Value : "", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return d;
            }

            r.AddError($"{name} must be a date as 2026-12-31");
            return null;
        },
    };
}
