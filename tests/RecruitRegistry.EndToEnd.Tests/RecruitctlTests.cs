using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Dapper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Npgsql;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Testing;
using AuditsApi = RecruitRegistry.Contracts.FeeAudits.V1;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.EndToEnd.Tests;

/// <summary>
/// recruitctl run as a built process against the three service processes (PostgreSQL, RabbitMQ): a national registry's
/// spreadsheets imported (bad rows reported, a run killed half way resumed, a second run importing nothing), the
/// corridor report with its CSV and workbook, and the consistency check finding and repairing a drifted replica.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class RecruitctlTests(Servers servers) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly string directory = Directory.CreateTempSubdirectory("recruitctl-").FullName;
    private DistributedSystem system = null!;
    private CorridorScenario given = null!;

    public async Task InitializeAsync()
    {
        system = await DistributedSystem.StartAsync(servers, "--FeeAudits:MinimumCellSize=3");
        given = new CorridorScenario(system);
    }

    public async Task DisposeAsync()
    {
        await system.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task A_5000_row_registry_is_imported_with_its_bad_rows_reported_resumed_after_a_kill_and_not_imported_twice()
    {
        var token = await TokenAsync("--role", "authority", "--country", "NP");
        var file = Path.Combine(directory, "agencies.csv");
        var bad = WriteAgencies(file, rows: 5000);

        // The first run is killed once a few hundred agencies are in: a clerk's laptop closed half way.
        await using (var first = Recruitctl(token, "agencies", "import", file))
        {
            await Eventually.Until(() => CountAsync("SELECT COUNT(*) FROM agencies"), n => n >= 300, Deadline, "the first rows to land");
            await first.KillAsync();
        }

        var landed = await CountAsync("SELECT COUNT(*) FROM agencies");
        Assert.InRange(landed, 300, 4999 - bad.Count);

        // Run again: it resumes; what landed is recognised, the rest is imported, the bad rows are reported.
        var (code, summary, output) = await RunJsonAsync(token, "agencies", "import", file);
        Assert.True(code == 1, output); // findings: rows rejected
        Assert.Equal(5000, summary.GetProperty("rows").GetInt32());
        Assert.Equal(bad.Count, summary.GetProperty("rejected").GetInt32());
        Assert.Equal(5000 - bad.Count, summary.GetProperty("imported").GetInt32() + summary.GetProperty("alreadyPresent").GetInt32());
        Assert.True(summary.GetProperty("alreadyPresent").GetInt32() >= landed, output);
        Assert.Matches(@"agencies agencies\.csv: \d+%", output); // the progress, on standard error
        Assert.Equal(5000 - bad.Count, await CountAsync("SELECT COUNT(*) FROM agencies"));

        // The rejected file: the file's own columns, each bad row's line and the field the service named.
        var rejected = ReadCsv(Path.Combine(directory, "agencies.rejected.csv"));
        Assert.Equal(["registration_number", "country", "legal_name", "address", "contact_email", "directors", "rejected_line", "rejected_reason"], rejected[0]);
        Assert.Equal(bad.Keys.Order(), rejected.Skip(1).Select(r => int.Parse(r[6], CultureInfo.InvariantCulture)).Order());
        foreach (var row in rejected.Skip(1))
        {
            Assert.Contains(bad[int.Parse(row[6], CultureInfo.InvariantCulture)], row[7], StringComparison.Ordinal);
        }

        // A second complete run imports nothing.
        var (again, second, _) = await RunJsonAsync(token, "agencies", "import", file);
        Assert.Equal(1, again);
        Assert.Equal(0, second.GetProperty("imported").GetInt32());
        Assert.Equal(5000 - bad.Count, second.GetProperty("alreadyPresent").GetInt32());
        Assert.Equal(5000 - bad.Count, await CountAsync("SELECT COUNT(*) FROM agencies"));

        // Licences for some of them, each found by its agency's registration number; again, nothing twice.
        var licences = Path.Combine(directory, "licences.csv");
        await File.WriteAllTextAsync(licences, """
            agency_country,agency_registration_number,kind,number,destination_countries,sectors,valid_from,valid_until,bond_amount,bond_currency,conditions,legal_basis
            NP,NP-REG-00001,ORIGIN_LICENCE,NP-LIC-1,QA|AE,CONSTRUCTION|domestic_work,2026-01-01,2028-12-31,1500000.00,NPR,Quarterly returns,Foreign Employment Act 2064 s.11
            NP,NP-REG-00002,ORIGIN_LICENCE,NP-LIC-2,QA,CONSTRUCTION,2026-01-01,2028-12-31,1500000.00,NPR,,Foreign Employment Act 2064 s.11
            NP,NP-REG-99999,ORIGIN_LICENCE,NP-LIC-3,QA,CONSTRUCTION,2026-01-01,2028-12-31,1500000.00,NPR,,Foreign Employment Act 2064 s.11
            NP,NP-REG-00003,ORIGIN_LICENCE,NP-LIC-4,QA,MINING,2026-01-01,2028-12-31,1500000.00,NPR,,Foreign Employment Act 2064 s.11
            """);
        var (licensed, licenceSummary, licenceOutput) = await RunJsonAsync(token, "licences", "import", licences);
        Assert.True(licensed == 1, licenceOutput);
        Assert.Equal(2, licenceSummary.GetProperty("imported").GetInt32());
        var licenceRejections = ReadCsv(Path.Combine(directory, "licences.rejected.csv")).Skip(1).ToList();
        Assert.Contains("no agency NP-REG-99999 registered in NP", licenceRejections[0][^1], StringComparison.Ordinal);
        Assert.Contains("sectors: no sector MINING", licenceRejections[1][^1], StringComparison.Ordinal);
        Assert.Equal(0, (await RunJsonAsync(token, "licences", "import", licences)).Summary.GetProperty("imported").GetInt32());
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM licences"));
    }

    [Fact]
    public async Task The_corridor_report_prints_its_table_and_chart_and_writes_the_services_csv_and_a_workbook_of_it()
    {
        await given.OpenCorridorAsync();
        var agency = await given.LicensedAgencyAsync();
        for (var i = 0; i < 6; i++)
        {
            await given.RegisterAsync(agency, i % 2 == 0 ? ContractsApi.Sex.F : ContractsApi.Sex.M, Sector.Construction, serviceFee: null);
        }

        await system.ConvergedAsync("NP", "QA", Deadline);
        var token = await TokenAsync("--role", "auditor", "--country", "QA");
        var csv = Path.Combine(directory, "np-qa.csv");
        var xlsx = Path.Combine(directory, "np-qa.xlsx");

        await using var table = Recruitctl(token, "report", "corridor", "NP-QA", "--csv", csv, "--xlsx", xlsx);
        Assert.True(await table.ExitAsync(Deadline) == 0, table.Output);
        Assert.Matches(@"contracts_registered\s*│\s*6\s", table.StandardOutput);
        Assert.Contains("contracts registered by month", table.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(DateTime.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture), table.StandardOutput, StringComparison.Ordinal);

        // The CSV is the service's own export; the workbook holds the same table, counts as numbers.
        var today = CorridorScenario.Day(CorridorScenario.Today);
        var first = CorridorScenario.Day(new DateOnly(CorridorScenario.Today.Year, CorridorScenario.Today.Month, 1).AddMonths(-11));
        var export = await system.Audits.ExportCorridorReportCsvAsync(
            new AuditsApi.CorridorReportRequest { OriginCountry = "NP", DestinationCountry = "QA", From = first, To = today }, system.Auditor("QA"));
        Assert.Equal(export.Content.ToStringUtf8(), await File.ReadAllTextAsync(csv));
        var rows = ReadCsv(csv);
        using (var workbook = SpreadsheetDocument.Open(xlsx, isEditable: false))
        {
            var sheet = workbook.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single();
            Assert.Equal("NP-QA", sheet.Name!.Value);
            var cells = ((WorksheetPart)workbook.WorkbookPart.GetPartById(sheet.Id!)).Worksheet.Descendants<Row>()
                .Select(r => r.Elements<Cell>().ToList()).ToList();
            Assert.Equal(rows.Count, cells.Count);
            Assert.Equal(rows[0], cells[0].Select(c => c.InnerText));
            var registered = cells.First(r => r[0].InnerText == "contracts_registered" && r[1].InnerText == "all");
            Assert.Equal(DocumentFormat.OpenXml.Spreadsheet.CellValues.Number, registered[3].DataType!.Value);
            Assert.Equal("6", registered[3].InnerText);
        }

        // For scripts: the report as the JSON API shows it.
        var (code, json, _) = await RunJsonAsync(token, "report", "corridor", "NP-QA");
        Assert.Equal(0, code);
        Assert.Equal("6", json.GetProperty("contractsRegistered").GetProperty("count").ToString());
    }

    [Fact]
    public async Task The_consistency_check_finds_a_drifted_replica_and_repairs_it_with_the_owner_republishing()
    {
        await given.OpenCorridorAsync();
        var agency = await given.LicensedAgencyAsync();
        var contract = await given.RegisterAsync(agency, serviceFee: null);
        await given.AuditOfAsync(contract.ContractId);
        await system.ConvergedAsync("NP", "QA", Deadline);
        var token = await TokenAsync("--role", "authority", "--country", "NP");

        // FeeAudits loses its replica of the contract.
        await using (var audits = new NpgsqlConnection(system.AuditsProcess.Database))
        {
            Assert.Equal(1, await audits.ExecuteAsync("DELETE FROM contract_replicas WHERE id = @Id", new { Id = Guid.Parse(contract.ContractId) }));
        }

        await using var check = Recruitctl(token, "consistency", "check", "--corridor", "NP-QA");
        Assert.True(await check.ExitAsync(Deadline) == 1, check.Output);
        Assert.Matches(@"contract\s*│\s*WorkerContracts\s*│\s*1\s*│\s*FeeAudits\s*│\s*0\s*│\s*different", check.StandardOutput);
        Assert.Contains("STILL DIFFERENT", check.StandardOutput, StringComparison.Ordinal);

        var (code, repaired, output) = await RunJsonAsync(token, "consistency", "check", "--corridor", "NP-QA", "--repair");
        Assert.True(code == 0, output);
        Assert.False(repaired.GetProperty("consistentBefore").GetBoolean());
        Assert.True(repaired.GetProperty("consistentAfter").GetBoolean());
        var fixedKinds = repaired.GetProperty("repaired").EnumerateArray().Select(k => $"{k.GetProperty("kind").GetString()} {k.GetProperty("holder").GetString()}");
        Assert.Equal(["contract FeeAudits"], fixedKinds);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM contract_replicas WHERE id = @Id", system.AuditsProcess.Database, new { Id = Guid.Parse(contract.ContractId) }));
    }

    [Fact]
    public async Task Commands_fail_closed_with_their_documented_exit_codes()
    {
        var token = await TokenAsync("--role", "authority", "--country", "NP");

        // Usage (2): no token; a malformed corridor; a file without the required columns. Nothing is called.
        await using (var noToken = Recruitctl("", "cases", "list", "--corridor", "NP-QA"))
        {
            Assert.Equal(2, await noToken.ExitAsync(Deadline));
            Assert.Contains("no token", noToken.Output, StringComparison.Ordinal);
        }

        await using (var corridor = Recruitctl(token, "cases", "list", "--corridor", "NPQA"))
        {
            Assert.Equal(2, await corridor.ExitAsync(Deadline));
        }

        var columns = Path.Combine(directory, "columns.csv");
        await File.WriteAllTextAsync(columns, "name,country\nX,NP\n");
        await using (var missing = Recruitctl(token, "agencies", "import", columns))
        {
            Assert.Equal(2, await missing.ExitAsync(Deadline));
            Assert.Contains("lacks the column(s) registration_number, legal_name, address", missing.Output, StringComparison.Ordinal);
        }

        // Refused (3): a forged token.
        await using (var forged = Recruitctl(token[..^4] + "AAAA", "cases", "list", "--corridor", "NP-QA"))
        {
            Assert.Equal(3, await forged.ExitAsync(Deadline));
            Assert.Contains("Unauthenticated", forged.Output, StringComparison.Ordinal);
        }

        // Unavailable (4): nothing listens there.
        await using (var nowhere = Recruitctl(token, "cases", "list", "--corridor", "NP-QA", "--feeaudits", $"http://127.0.0.1:{LoopbackPort.Free()}"))
        {
            Assert.Equal(4, await nowhere.ExitAsync(TimeSpan.FromSeconds(60)));
        }

        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM agencies"));
    }

    /// <summary>recruitctl against the three processes (unless the arguments name one), the token in the environment.</summary>
    private ChildProcess Recruitctl(string token, params string[] arguments)
    {
        var services = new[] { ("--licensing", system.LicensingProcess), ("--contracts", system.ContractsProcess), ("--feeaudits", system.AuditsProcess) }
            .Where(s => !arguments.Contains(s.Item1))
            .SelectMany(s => new[] { s.Item1, $"http://127.0.0.1:{s.Item2.GrpcPort}" });
        return ChildProcess.Command(
            ChildProcess.RecruitctlDll,
            [.. arguments, .. services],
            new Dictionary<string, string> { ["RECRUIT_TOKEN"] = token, ["RECRUIT_TOKEN_FILE"] = "" },
            directory);
    }

    private async Task<(int Code, JsonElement Summary, string Output)> RunJsonAsync(string token, params string[] arguments)
    {
        await using var run = Recruitctl(token, [.. arguments, "--output", "json"]);
        var code = await run.ExitAsync(TimeSpan.FromMinutes(5));
        return (code, JsonDocument.Parse(run.StandardOutput).RootElement.Clone(), run.Output);
    }

    /// <summary>recruitctl's token command, signing with the key the services were started with.</summary>
    private async Task<string> TokenAsync(params string[] arguments)
    {
        await using var run = ChildProcess.Command(ChildProcess.RecruitctlDll, ["token", .. arguments],
            new Dictionary<string, string> { ["RECRUIT_SIGNING_KEY"] = system.Keys.Signing }, directory);
        Assert.True(await run.ExitAsync(Deadline) == 0, run.Output);
        return run.StandardOutput.Trim();
    }

    private Task<long> CountAsync(string sql) => CountAsync(sql, system.LicensingProcess.Database, null);

    private static async Task<long> CountAsync(string sql, string database, object? parameters)
    {
        await using var connection = new NpgsqlConnection(database);
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    /// <summary>
    /// agencies.csv as a ministry's spreadsheet holds it; one row in 100 is bad in one of three ways. Returns the bad
    /// rows' lines in the file and the field the service names for each.
    /// </summary>
    private static Dictionary<int, string> WriteAgencies(string file, int rows)
    {
        var bad = new Dictionary<int, string>();
        var text = new StringBuilder("registration_number,country,legal_name,address,contact_email,directors\n");
        for (var i = 1; i <= rows; i++)
        {
            var (name, email) = (i % 300) switch
            {
                17 => ("", "office@example.np"),
                117 => ($"Agency {i}", "not-an-address"),
                _ => ($"Agency {i}, Pvt. Ltd.", $"office{i}@example.np"),
            };
            var country = i % 300 == 217 ? "IN" : "NP";
            switch (i % 300)
            {
                case 17: bad[i + 1] = "legal_name"; break;
                case 117: bad[i + 1] = "contact_email"; break;
                case 217: bad[i + 1] = "PermissionDenied"; break;
            }

            text.Append(CultureInfo.InvariantCulture, $"NP-REG-{i:D5},{country},\"{name}\",\"Ward {i % 32}, Kathmandu\",{email},Director {i}|Second Director {i}\n");
        }

        File.WriteAllText(file, text.ToString());
        return bad;
    }

    private static List<string[]> ReadCsv(string file)
    {
        using var reader = new StreamReader(file);
        using var csv = new CsvParser(reader, CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (csv.Read())
        {
            rows.Add(csv.Record!);
        }

        return rows;
    }
}
