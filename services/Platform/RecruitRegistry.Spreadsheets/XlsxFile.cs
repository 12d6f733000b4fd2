using System.Globalization;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace RecruitRegistry.Spreadsheets;

/// <summary>A table as a one-sheet workbook (Open XML SDK): numbers as numbers, so a spreadsheet sums them; text as text.</summary>
public static class XlsxFile
{
    public static void Write(Stream stream, string sheetName, IEnumerable<IReadOnlyList<string>> rows, ISet<int> numericColumns)
    {
        using var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var sheet = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        sheet.Worksheet = new Worksheet(data);
        workbook.Workbook.AppendChild(new Sheets()).Append(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = sheetName });

        var header = true;
        foreach (var values in rows)
        {
            var row = new Row();
            for (var i = 0; i < values.Count; i++)
            {
                row.Append(!header && numericColumns.Contains(i) && decimal.TryParse(values[i], NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
                    ? new Cell { DataType = CellValues.Number, CellValue = new CellValue(number) }
                    : new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(values[i])) });
            }

            data.Append(row);
            header = false;
        }
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
