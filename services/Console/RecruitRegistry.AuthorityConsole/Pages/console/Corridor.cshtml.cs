using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Spreadsheets;

namespace RecruitRegistry.AuthorityConsole.Pages.Console;

/// <summary>
/// A corridor's dashboard: FeeAudits' corridor report for a period as charts and tables (registrations by month, sex and
/// sector; audits; cases; grievances by kind; the agencies with most confirmed violations and their licences today),
/// with cells suppressed as in the report, and the report as CSV or XLSX.
/// </summary>
public sealed class CorridorModel : OfficerPage
{
    [BindProperty(SupportsGet = true)]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    public CorridorReport? Report { get; private set; }

    /// <summary>The origin licence state of each agency the report names, by agency id.</summary>
    public IReadOnlyDictionary<string, string> LicenceStates { get; private set; } = new Dictionary<string, string>();

    public DateOnly Start => From ?? new DateOnly(Today.Year, Today.Month, 1).AddMonths(-11);

    public DateOnly End => To ?? Today;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public async Task<IActionResult> OnGetAsync()
    {
        try
        {
            Report = await Services.Audits.GetCorridorReportAsync(ReportRequest());
            // An agency is listed once per currency of its excess: its licence is asked for once, all at the same time.
            var states = await Task.WhenAll(Report.AgenciesMostViolations.Select(a => a.AgencyId).Distinct()
                .Select(async id => (Id: id, State: await LicenceStateAsync(id))));
            LicenceStates = states.ToDictionary(s => s.Id, s => s.State);

            return Page();
        }
        catch (RpcException e)
        {
            return Refused(e);
        }
    }

    public async Task<IActionResult> OnGetCsvAsync()
    {
        try
        {
            var export = await Services.Audits.ExportCorridorReportCsvAsync(ReportRequest());
            return File(export.Content.ToByteArray(), "text/csv; charset=utf-8", export.FileName);
        }
        catch (RpcException e)
        {
            return Refused(e);
        }
    }

    public async Task<IActionResult> OnGetXlsxAsync()
    {
        try
        {
            var export = await Services.Audits.ExportCorridorReportCsvAsync(ReportRequest());
            return File(
                XlsxFile.FromCsv(export.Content.ToByteArray(), Code.ToUpperInvariant(), ReportColumns.Numeric),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                Path.ChangeExtension(export.FileName, ".xlsx"));
        }
        catch (RpcException e)
        {
            return Refused(e);
        }
    }

    /// <summary>The counts a breakdown can draw: its cells that are not suppressed.</summary>
    public static IReadOnlyList<Bar> Shown(IEnumerable<Breakdown> cells, Func<string, string> label) =>
        cells.Where(c => !c.Suppressed).Select(c => new Bar(label(c.Key), c.Count)).ToList();

    /// <summary>The figures of a family that happened (a state no case is in is left out of the picture, and of its table).</summary>
    public static IReadOnlyList<Bar> Shown(IEnumerable<Figure> figures, Func<string, string> label) =>
        figures.Where(f => !f.Suppressed && f.Count > 0).Select(f => new Bar(label(f.Name), f.Count)).ToList();

    private CorridorReportRequest ReportRequest()
    {
        var (origin, destination) = Split(Code);
        return new CorridorReportRequest
        {
            OriginCountry = origin,
            DestinationCountry = destination,
            From = ToDate(Start),
            To = ToDate(End),
        };
    }

    private async Task<string> LicenceStateAsync(string agencyId)
    {
        var agency = await Services.Licensing.GetAgencyAsync(new GetAgencyRequest { AgencyId = agencyId });
        var entry = (await Services.Licensing.SearchRegistryAsync(new SearchRegistryRequest
        {
            Country = agency.Country, RegistrationNumber = agency.RegistrationNumber, Page = new PageRequest { PageSize = 1 },
        })).Entries.SingleOrDefault();
        var origin = entry?.Licences.Where(l => l.Kind == LicenceKind.OriginLicence).OrderByDescending(l => Text.Day(l.ValidUntil)).FirstOrDefault();
        return origin is null ? T["Licence.None"] : T.Of(origin.State, "LICENCE_STATE_");
    }

    public static string Count(bool suppressed, long count) =>
        suppressed ? "—" : count.ToString("N0", CultureInfo.CurrentCulture);
}
