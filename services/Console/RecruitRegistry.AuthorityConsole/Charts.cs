using System.Text;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace RecruitRegistry.AuthorityConsole;

/// <summary>One bar of a chart: its label and its count.</summary>
public sealed record Bar(string Label, long Value);

/// <summary>
/// Charts drawn on the server with OxyPlot as SVG and put in the page as a data: image, so they need no script and load
/// nothing from elsewhere. Horizontal bars: labels of any length and script read along the bars. The page gives each
/// chart a caption and the same figures as a table (the chart is the table's picture, not its only form).
/// </summary>
public static class Charts
{
    private static readonly OxyColor Ink = OxyColor.FromRgb(0x1b, 0x1f, 0x24);
    private static readonly OxyColor Fill = OxyColor.FromRgb(0x1f, 0x5f, 0x8b);

    public static string Bars(IReadOnlyList<Bar> bars, int width = 460)
    {
        var model = new PlotModel
        {
            Background = OxyColors.White,
            TextColor = Ink,
            PlotAreaBorderColor = OxyColors.Transparent,
            DefaultFont = "Noto Sans, Arial, sans-serif",
            DefaultFontSize = 14,
            // The labels' room, from their length: the exporter measures text with its own metrics, not the browser's font.
            PlotMargins = new OxyThickness(16 + (8.5 * bars.Select(b => b.Label.Length).DefaultIfEmpty(4).Max()), 8, 28, 32),
        };
        var categories = new CategoryAxis { Position = AxisPosition.Left, GapWidth = 0.4, IsZoomEnabled = false, IsPanEnabled = false };
        categories.Labels.AddRange(bars.Select(b => b.Label));
        model.Axes.Add(categories);
        model.Axes.Add(new LinearAxis
        {
            Position = AxisPosition.Bottom,
            Minimum = 0,
            AbsoluteMinimum = 0,
            MaximumPadding = 0.15,
            MinimumMajorStep = 1,
            MinorTickSize = 0,
            MajorGridlineStyle = LineStyle.Dot,
            StringFormat = "0",
        });
        var series = new BarSeries { FillColor = Fill, LabelPlacement = LabelPlacement.Outside, LabelFormatString = "{0}", TextColor = Ink };
        series.Items.AddRange(bars.Select(b => new BarItem(b.Value)));
        model.Series.Add(series);

        var svg = SvgExporter.ExportToString(model, width, 56 + (30 * Math.Max(bars.Count, 1)), isDocument: true);
        return "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
    }
}

/// <summary>What the chart partial shows: a captioned chart, its table, and the cells suppressed (named, never drawn as zero).</summary>
public sealed record ChartView(string Id, string Title, IReadOnlyList<Bar> Bars, IReadOnlyList<string> Suppressed, string Empty, string TableLabel, string SuppressedLabel);
