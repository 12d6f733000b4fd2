using System.Collections.Concurrent;
using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Grpc.Core;
using RecruitRegistry.Ctl.Cli;
using Spectre.Console;

namespace RecruitRegistry.Ctl.Imports;

/// <summary>One data row of an import file: its line in the file, and its fields by column name.</summary>
public sealed class CsvRow(int line, IReadOnlyDictionary<string, int> columns, string[] fields)
{
    public int Line { get; } = line;

    public string[] Fields { get; } = fields;

    /// <summary>The field trimmed, empty when the column is absent or the cell blank.</summary>
    public string this[string column] => columns.TryGetValue(column, out var i) && i < Fields.Length ? Fields[i].Trim() : "";

    /// <summary>A list cell: values separated by '|' (names and legal text hold commas and semicolons), blanks dropped.</summary>
    public IEnumerable<string> List(string column) =>
        this[column].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>What became of one row.</summary>
public abstract record RowOutcome
{
    public sealed record Imported : RowOutcome;

    /// <summary>The registry already holds it (its natural key exists): a second run, or a resumed one.</summary>
    public sealed record AlreadyPresent : RowOutcome;

    public sealed record Rejected(string Reason) : RowOutcome;
}

/// <summary>A row that cannot be sent as it is; the reason goes to the rejected file.</summary>
public sealed class RowRejected(string reason) : Exception(reason);

public sealed record ImportSummary(string File, int Rows, int Imported, int AlreadyPresent, int Rejected, string RejectedFile);

/// <summary>
/// Brings a national registry's spreadsheet (CSV, UTF-8, a header row) into the registry, one RPC per row, several at
/// once. Idempotent and resumable: every row carries its natural key (a registration or licence number), so a row
/// already imported answers ALREADY_EXISTS and is counted as present; a run stopped half way is simply run again.
/// Rows the import cannot send, or the service refuses, are written with the reason to the rejected file, which keeps
/// the file's columns: corrected, it can be imported as it is.
/// </summary>
public sealed class CsvImport(string what, IReadOnlyList<string> requiredColumns, Func<CsvRow, CancellationToken, Task> send)
{
    public const string LineColumn = "rejected_line";
    public const string ReasonColumn = "rejected_reason";

    public async Task<ImportSummary> RunAsync(FileInfo file, FileInfo? rejectedFile, int parallel, Output output, CancellationToken ct)
    {
        var (header, rows) = Read(file);
        var rejectedPath = rejectedFile?.FullName ?? Path.Combine(file.DirectoryName ?? ".", Path.GetFileNameWithoutExtension(file.Name) + ".rejected.csv");
        var rejected = new ConcurrentBag<(CsvRow Row, string Reason)>();
        int imported = 0, present = 0;
        Exception? stopped = null;

        await output.Messages.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"{what} {file.Name}", maxValue: Math.Max(rows.Count, 1));
                try
                {
                    await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (row, token) =>
                    {
                        switch (await ImportAsync(row, token))
                        {
                            case RowOutcome.Imported:
                                Interlocked.Increment(ref imported);
                                break;
                            case RowOutcome.AlreadyPresent:
                                Interlocked.Increment(ref present);
                                break;
                            case RowOutcome.Rejected r:
                                rejected.Add((row, r.Reason));
                                break;
                        }

                        task.Increment(1);
                    });
                }
                catch (Exception e)
                {
                    // What was done stays done: the summary and the rejected file are written, then the error is told.
                    stopped = e;
                }
            });

        WriteRejected(rejectedPath, header, rejected.OrderBy(r => r.Row.Line));
        var summary = new ImportSummary(file.FullName, rows.Count, imported, present, rejected.Count, rejectedPath);
        if (stopped is not null)
        {
            output.Note($"stopped after {imported + present + rejected.Count} of {rows.Count} rows: {imported} imported, {present} already present, {rejected.Count} rejected");
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(stopped);
        }

        return summary;
    }

    private async Task<RowOutcome> ImportAsync(CsvRow row, CancellationToken ct)
    {
        try
        {
            await send(row, ct);
            return new RowOutcome.Imported();
        }
        catch (RowRejected e)
        {
            return new RowOutcome.Rejected(e.Message);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            return new RowOutcome.AlreadyPresent();
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.NotFound
                                         or StatusCode.PermissionDenied or StatusCode.OutOfRange)
        {
            // The row's own fault (the service names the field); anything else (a token refused, a service down) stops the import.
            return new RowOutcome.Rejected($"{e.StatusCode}: {e.Status.Detail}");
        }
    }

    private (string[] Header, List<CsvRow> Rows) Read(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new UsageException($"no file {file.FullName}");
        }

        using var reader = new StreamReader(file.FullName, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = false });
        if (!csv.Read())
        {
            throw new UsageException($"{file.Name} is empty: it needs a header row ({string.Join(",", requiredColumns)})");
        }

        var header = csv.Record!.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var missing = requiredColumns.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            throw new UsageException($"{file.Name} lacks the column(s) {string.Join(", ", missing)} (docs/recruitctl.md lists each file's columns)");
        }

        var columns = header.Select((name, i) => (name, i)).DistinctBy(c => c.name).ToDictionary(c => c.name, c => c.i, StringComparer.Ordinal);
        var rows = new List<CsvRow>();
        while (csv.Read())
        {
            var fields = csv.Record!;
            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            rows.Add(new CsvRow(csv.RawRow, columns, fields));
        }

        return (header, rows);
    }

    private static void WriteRejected(string path, string[] header, IEnumerable<(CsvRow Row, string Reason)> rejected)
    {
        using var writer = new StreamWriter(path);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        var kept = header.Where(h => h is not LineColumn and not ReasonColumn).ToArray();
        var keptIndexes = header.Select((h, i) => (h, i)).Where(c => c.h is not LineColumn and not ReasonColumn).Select(c => c.i).ToArray();
        foreach (var name in kept.Append(LineColumn).Append(ReasonColumn))
        {
            csv.WriteField(name);
        }

        csv.NextRecord();
        foreach (var (row, reason) in rejected)
        {
            foreach (var i in keptIndexes)
            {
                csv.WriteField(i < row.Fields.Length ? row.Fields[i] : "");
            }

            csv.WriteField(row.Line.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(reason);
            csv.NextRecord();
        }
    }
}
