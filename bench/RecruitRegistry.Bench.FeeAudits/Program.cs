using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Grpc.Core;
using MassTransit;
using Npgsql;
using RecruitRegistry.Bench.Common;
using RecruitRegistry.Bench.FeeAudits;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.FeeAudits;
using RecruitRegistry.Platform.Hosting;
using RecruitRegistry.Platform.Security;

// Two FeeAudits benchmarks (bench/run-feeaudits.sh runs them; figures in docs/benchmarks.md).
//
// 1. The corridor report over 1,000,000 audited contracts (ReportData.sql), through the service's GetCorridorReport
//    over gRPC, next to the same five aggregates as one SQL statement and the contract aggregate alone, both sent by
//    plain Npgsql with every row read. One caller, --repeats calls of each per round, interleaved; medians in ms.
// 2. Audits per second: --messages ContractChanged events wait in two quorum queues bound to the same exchange (a fresh
//    virtual host per round); a host with a MassTransit consumer doing nothing drains one, the FeeAudits host the other
//    (replica upsert, the audit, ContractAudited to the outbox, a case for each VIOLATION), both with the platform's
//    bus settings. The clock runs from starting the host until the last message is handled (counted in memory, or as
//    audit rows); "audits_relayed" stops when the outbox has also published every ContractAudited.
//
// Needs RECRUIT_TEST_POSTGRES, RECRUIT_TEST_RABBITMQ and RECRUIT_RABBITMQCTL (bench/run-feeaudits.sh sets them).
// Prints one line per round: "report_ms=… sql_all_ms=… sql_contracts_ms=… noop=… audits=… audits_relayed=…".
var arguments = new Arguments(args);
var rounds = arguments.Int("--rounds", 3);
var contracts = arguments.Int("--contracts", 1_000_000);
var repeats = arguments.Int("--repeats", 5);
var messages = arguments.Int("--messages", 20_000);

var admin = Environment.GetEnvironmentVariable("RECRUIT_TEST_POSTGRES") ?? throw new InvalidOperationException("RECRUIT_TEST_POSTGRES is not set");
var rabbit = Environment.GetEnvironmentVariable("RECRUIT_TEST_RABBITMQ") ?? throw new InvalidOperationException("RECRUIT_TEST_RABBITMQ is not set");
var ctl = Environment.GetEnvironmentVariable("RECRUIT_RABBITMQCTL") ?? throw new InvalidOperationException("RECRUIT_RABBITMQCTL is not set");
var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

// ---- the report: load once ----
var reportDatabase = Database("report");
var loading = Stopwatch.StartNew();
await using (var loader = await StartFeeAuditsAsync(reportDatabase, virtualHost: null))
{
}

await using (var connection = new NpgsqlConnection(reportDatabase))
{
    await connection.OpenAsync();
    var script = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ReportData.sql"))
        .Replace("@Contracts", contracts.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("@Noise", (contracts / 5).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    await using var command = new NpgsqlCommand(script, connection) { CommandTimeout = 3600 };
    await command.ExecuteNonQueryAsync();
}

Console.Error.WriteLine($"loaded {contracts:N0} audited contracts (+{contracts / 5:N0} in another corridor) in {loading.Elapsed.TotalSeconds:F0} s");
await using var reportHost = await StartFeeAuditsAsync(reportDatabase, virtualHost: null);
var client = new FeeAudits.FeeAuditsClient(Grpc.Net.Client.GrpcChannel.ForAddress(reportHost.Url));
var auditor = new Metadata { { "authorization", "Bearer " + TokenFactory.Create(new AuthOptions { SigningKey = signingKey }, Roles.Auditor, "NP", null) } };
var reportRequest = new CorridorReportRequest
{
    OriginCountry = "NP", DestinationCountry = "QA",
    From = new Date { Year = 2025, Month = 1, Day = 1 }, To = new Date { Year = 2026, Month = 12, Day = 31 },
};
await using var sqlSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(reportDatabase) { NoResetOnClose = true }.ConnectionString);
var window = new { From = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), To = new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc) };

// Warm-up, and the check that the service and the SQL count the same contracts.
var first = await client.GetCorridorReportAsync(reportRequest, auditor);
var sqlCount = await SqlAsync(ReportStatements.ContractsAlone);
if (first.ContractsRegistered.Count != contracts || sqlCount.Count != contracts)
{
    throw new InvalidOperationException($"the report counted {first.ContractsRegistered.Count:N0} and the SQL {sqlCount.Count:N0}, not {contracts:N0}");
}

Console.Error.WriteLine($"report: {first.CasesByState.Sum(f => f.Count):N0} cases, {first.RefundsOrdered.Count:N0} refunds ordered, {first.AgenciesMostViolations.Count} top agencies");
await SqlAsync(ReportStatements.AllInOne);

for (var round = 1; round <= rounds; round++)
{
    var report = new List<double>();
    var all = new List<double>();
    var alone = new List<double>();
    for (var i = 0; i < repeats; i++)
    {
        report.Add(await TimeAsync(() => client.GetCorridorReportAsync(reportRequest, auditor).ResponseAsync));
        all.Add(await TimeAsync(() => SqlAsync(ReportStatements.AllInOne)));
        alone.Add(await TimeAsync(() => SqlAsync(ReportStatements.ContractsAlone)));
    }

    // ---- audits per second ----
    var virtualHost = await VirtualHostAsync();
    var auditsDatabase = Database("audits");
    await using (var topology = await StartFeeAuditsAsync(auditsDatabase, virtualHost))
    await using (var noopTopology = await StartNoOpAsync(virtualHost))
    {
        // Both queues and their bindings exist now; the hosts stop, the messages wait in the queues.
    }

    await PublishAsync(virtualHost, messages);
    NoOpConsumer.Reset();
    var clock = Stopwatch.StartNew();
    double noopSeconds;
    await using (var noop = await StartNoOpAsync(virtualHost))
    {
        await NoOpConsumer.WaitForAsync(messages, TimeSpan.FromMinutes(20));
        noopSeconds = clock.Elapsed.TotalSeconds;
    }

    double auditSeconds, relayedSeconds;
    clock.Restart();
    await using (var audits = await StartFeeAuditsAsync(auditsDatabase, virtualHost))
    {
        await WaitForAsync(auditsDatabase, "SELECT COUNT(*) FROM audits", messages);
        auditSeconds = clock.Elapsed.TotalSeconds;
        await WaitForAsync(auditsDatabase, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL AND message_type LIKE '%ContractAudited%'", messages);
        relayedSeconds = clock.Elapsed.TotalSeconds;
    }

    if (round == 1)
    {
        await using var connection = new NpgsqlConnection(auditsDatabase);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT outcome || ' ' || COUNT(*) FROM audits GROUP BY outcome UNION ALL SELECT 'cases ' || COUNT(*) FROM cases ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var outcomes = new List<string>();
        while (await reader.ReadAsync())
        {
            outcomes.Add(reader.GetString(0));
        }

        Console.Error.WriteLine($"audited: {string.Join(", ", outcomes)}");
    }

    var line = string.Create(CultureInfo.InvariantCulture,
        $"report_ms={Median(report):F0} sql_all_ms={Median(all):F0} sql_contracts_ms={Median(alone):F0} noop={messages / noopSeconds:F0} audits={messages / auditSeconds:F0} audits_relayed={messages / relayedSeconds:F0}");
    Console.Error.WriteLine($"round {round}: {line}");
    Console.WriteLine(line);
}

return 0;

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static async Task<double> TimeAsync(Func<Task> call)
{
    var started = Stopwatch.GetTimestamp();
    await call();
    return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}

// Every row of the statement read, every column touched, as the service's Dapper mapping would.
async Task<(long Rows, long Count)> SqlAsync(string sql)
{
    await using var connection = await sqlSource.OpenConnectionAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    command.Parameters.AddWithValue("origin", "NP");
    command.Parameters.AddWithValue("destination", "QA");
    command.Parameters.AddWithValue("from", window.From);
    command.Parameters.AddWithValue("to", window.To);
    await using var reader = await command.ExecuteReaderAsync();
    long rows = 0, count = 0;
    var countColumn = reader.GetOrdinal("count");
    var partColumn = reader.GetOrdinal("part");
    var sexColumn = reader.GetOrdinal("sex");
    while (await reader.ReadAsync())
    {
        rows++;
        for (var i = 0; i < reader.FieldCount; i++)
        {
            _ = reader.GetValue(i);
        }

        // Every contract is counted once per breakdown: the sex breakdown's rows count them once.
        if (reader.GetString(partColumn) == "contracts" && !reader.IsDBNull(sexColumn))
        {
            count += reader.GetInt64(countColumn);
        }
    }

    return (rows, count);
}

string Database(string name) =>
    new NpgsqlConnectionStringBuilder(admin) { Database = $"bench_audits_{name}_{Guid.NewGuid().ToString("N")[..8]}" }.ConnectionString;

async Task<string> VirtualHostAsync()
{
    var name = "bench-" + Guid.NewGuid().ToString("N")[..8];
    await RunAsync(ctl, "add_vhost", name);
    await RunAsync(ctl, "set_permissions", "-p", name, "guest", ".*", ".*", ".*");
    return name;
}

static async Task RunAsync(string file, params string[] arguments)
{
    using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{file} {string.Join(' ', arguments)}: {await process.StandardError.ReadToEndAsync()}");
    }
}

Dictionary<string, string?> BusSettings(string? virtualHost) => virtualHost is null
    ? new() { ["Platform:Transport"] = "InMemory" }
    : new()
    {
        ["Platform:Transport"] = "RabbitMq",
        ["Platform:RabbitMq:Host"] = rabbit.Split(':')[0],
        ["Platform:RabbitMq:Port"] = rabbit.Split(':')[1],
        ["Platform:RabbitMq:VirtualHost"] = virtualHost,
    };

Task<BenchHost> StartFeeAuditsAsync(string connectionString, string? virtualHost) =>
    BenchHost.StartAsync(
        builder =>
        {
            var settings = BusSettings(virtualHost);
            settings["Auth:SigningKey"] = signingKey;
            settings["FeeAudits:Database:Provider"] = "Postgres";
            settings["FeeAudits:Database:ConnectionString"] = connectionString;
            settings["FeeAudits:SweepInterval"] = "1.00:00:00";
            builder.Configuration.AddInMemoryCollection(settings);
            builder.AddServices([FeeAuditsService.Module]);
        },
        app =>
        {
            app.MapServices([FeeAuditsService.Module]);
        });

Task<BenchHost> StartNoOpAsync(string virtualHost) =>
    BenchHost.StartAsync(
        builder =>
        {
            var settings = BusSettings(virtualHost);
            settings["Auth:SigningKey"] = signingKey;
            builder.Configuration.AddInMemoryCollection(settings);
            builder.AddPlatform(bus => bus.AddConsumer<NoOpConsumer>().Endpoint(e => e.Name = "bench.noop-contract-changed"));
        },
        _ => { });

// The events as WorkerContracts publishes them, to the exchange both queues are bound to, with publisher confirms.
async Task PublishAsync(string virtualHost, int count)
{
    var (host, port) = (rabbit.Split(':')[0], ushort.Parse(rabbit.Split(':')[1], CultureInfo.InvariantCulture));
    var bus = Bus.Factory.CreateUsingRabbitMq(r => r.Host(host, port, virtualHost, h =>
    {
        h.Username("guest");
        h.Password("guest");
    }));
    await bus.StartAsync();
    try
    {
        var random = new Random(42);
        for (var sent = 0; sent < count;)
        {
            var batch = Enumerable.Range(0, Math.Min(500, count - sent)).Select(_ => bus.Publish(Contracts.Random(random))).ToList();
            await Task.WhenAll(batch);
            sent += batch.Count;
        }
    }
    finally
    {
        await bus.StopAsync();
    }
}

static async Task WaitForAsync(string connectionString, string sql, long expected)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    var deadline = Stopwatch.StartNew();
    while ((long)(await command.ExecuteScalarAsync())! < expected)
    {
        if (deadline.Elapsed > TimeSpan.FromMinutes(20))
        {
            throw new TimeoutException($"{sql}: fewer than {expected} after 20 minutes");
        }

        await Task.Delay(50);
    }
}
