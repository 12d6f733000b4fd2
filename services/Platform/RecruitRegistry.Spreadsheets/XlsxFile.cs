using System.Globalization;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace RecruitRegistry.Spreadsheets;

/// <summary>A table as a one-sheet workbook (Open XML SDK): numbers as numbers, so a spreadsheet sums them; text as text; a bold, frozen header.</summary>
public static class XlsxFile
{
    /// <summary>
    /// The rows, the first a header: bold, frozen at the top while the rest scrolls; each column as wide as its longest
    /// value (up to <see cref="MaxColumnWidth"/> characters).
    /// </summary>
    public static void Write(Stream stream, string sheetName, IEnumerable<IReadOnlyList<string>> rows, ISet<int> numericColumns)
    {
        var table = rows.ToList();
        using var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
        var sheet = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        sheet.Worksheet = table.Count == 0 ? new Worksheet(data) : new Worksheet(FrozenHeader(), Widths(table), data);
        workbook.Workbook.AppendChild(new Sheets()).Append(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = sheetName });

        for (var r = 0; r < table.Count; r++)
        {
            var values = table[r];
            var row = new Row();
            for (var i = 0; i < values.Count; i++)
            {
                Cell cell = r > 0 && numericColumns.Contains(i) && decimal.TryParse(values[i], NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
                    ? new Cell { DataType = CellValues.Number, CellValue = new CellValue(number) }
                    : new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(values[i])) };
                if (r == 0)
                {
                    cell.StyleIndex = BoldStyle;
                }

                row.Append(cell);
            }

            data.Append(row);
        }
    }

    private const uint BoldStyle = 1;

    private const int MaxColumnWidth = 60;

    /// <summary>Two cell formats: the default, and bold for the header (a stylesheet needs its default font, fills and border).</summary>
    private static Stylesheet Styles() => new(
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true }) { Count = 2 });

    private static SheetViews FrozenHeader() => new(new SheetView(
        new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen })
    {
        WorkbookViewId = 0,
    });

    private static Columns Widths(IReadOnlyList<IReadOnlyList<string>> table)
    {
        var columns = new Columns();
        for (var i = 0; i < table.Max(r => r.Count); i++)
        {
            var longest = table.Where(r => i < r.Count).Max(r => r[i].Length);
            columns.Append(new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = Math.Min(MaxColumnWidth, longest + 2), CustomWidth = true });
        }

        return columns;
    }

    /// <summary>An RFC 4180 CSV (UTF-8) as rows of fields, its header first.</summary>
    public static IEnumerable<IReadOnlyList<string>> CsvRows(byte[] content)
    {
        using var reader = new StreamReader(new MemoryStream(content));
        using var parser = new CsvParser(reader, CultureInfo.InvariantCulture);
        while (parser.Read())
        {
            yield return parser.Record!;
        }
    }

    /// <summary>A CSV's table as a workbook: <paramref name="numericColumns"/> as numbers where they parse.</summary>
    public static byte[] FromCsv(byte[] csv, string sheetName, ISet<int> numericColumns)
    {
        using var workbook = new MemoryStream();
        Write(workbook, sheetName, CsvRows(csv), numericColumns);
        return workbook.ToArray();
    }
}

/// <summary>The corridor report's CSV columns (figure, breakdown, key, count, currency, amount): which are numbers.</summary>
public static class ReportColumns
{
    public static readonly ISet<int> Numeric = new HashSet<int> { 3, 5 };
}
