using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Npgsql;
using NpgsqlTypes;
using RecruitRegistry.Bench.Licensing;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Licensing;
using RecruitRegistry.Platform.Hosting;

// CheckAuthorization with 10,000 agencies and 30,000 licences loaded (PostgreSQL), 16 concurrent callers each on its
// own HTTP/2 connection, next to a bare gRPC echo service measured in the same run on the same machine.
// Needs RECRUIT_TEST_POSTGRES (bench/run-licensing.sh sets it). Prints one line:
// "echo=<req/s> echo_p50=<ms> echo_p99=<ms> check=<req/s> check_p50=<ms> check_p99=<ms>".
var seconds = Argument("--seconds", 10);
var callers = Argument("--callers", 16);
const int Agencies = 10_000;

var admin = Environment.GetEnvironmentVariable("RECRUIT_TEST_POSTGRES") ?? throw new InvalidOperationException("RECRUIT_TEST_POSTGRES is not set");
var database = "bench_licensing_" + Guid.NewGuid().ToString("N")[..8];
var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;

await using var echo = await StartAsync(builder => builder.Services.AddGrpc(), app => app.MapGrpcService<EchoService>());
await using var licensing = await StartAsync(
    builder =>
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Licensing:Database:Provider"] = "Postgres",
            ["Licensing:Database:ConnectionString"] = connectionString,
        });
        builder.AddPlatform(bus => bus.AddLicensingConsumers());
        builder.AddLicensing();
    },
    app =>
    {
        app.MapPlatform();
        app.MapLicensing();
    });

var agencyIds = await LoadAsync();
Console.Error.WriteLine($"loaded {Agencies} agencies, {3 * Agencies} licences");

var payload = new EchoMessage { Payload = ByteString.CopyFrom(new byte[64]) };
var (echoRate, echoP50, echoP99) = await MeasureAsync(echo.Url, c => new Echo.EchoClient(c), (client, _) => client.EchoAsync(payload).ResponseAsync);
Console.Error.WriteLine($"echo: {echoRate:F0} req/s, p50 {echoP50:F2} ms, p99 {echoP99:F2} ms");

var today = DateOnly.FromDateTime(DateTime.UtcNow);
var (checkRate, checkP50, checkP99) = await MeasureAsync(licensing.Url, c => new Licensing.LicensingClient(c), async (client, random) =>
{
    var reply = await client.CheckAuthorizationAsync(new CheckAuthorizationRequest
    {
        AgencyId = agencyIds[random.Next(agencyIds.Length)].ToString(),
        OriginCountry = "NP",
        DestinationCountry = "QA",
        Sector = Sector.Construction,
        OnDate = new RecruitRegistry.Contracts.Common.V1.Date { Year = today.Year, Month = today.Month, Day = today.Day },
    });
    if (!reply.Authorized)
    {
        throw new InvalidOperationException("every loaded agency is authorized: " + string.Join("; ", reply.Reasons));
    }
});
Console.Error.WriteLine($"CheckAuthorization: {checkRate:F0} req/s, p50 {checkP50:F2} ms, p99 {checkP99:F2} ms");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"echo={echoRate:F0} echo_p50={echoP50:F2} echo_p99={echoP99:F2} check={checkRate:F0} check_p50={checkP50:F2} check_p99={checkP99:F2}"));
return 0;

async Task<(double Rate, double P50, double P99)> MeasureAsync<TClient>(string url, Func<GrpcChannel, TClient> create, Func<TClient, Random, Task> call)
{
    var channels = Enumerable.Range(0, callers).Select(_ => GrpcChannel.ForAddress(url)).ToList();
    try
    {
        // Warm up: connections, JIT, PostgreSQL's prepared statements and buffers.
        await Task.WhenAll(channels.Select((c, i) => Loop(create(c), new Random(i), TimeSpan.FromSeconds(2), null)));
        var latencies = channels.Select(_ => new List<double>(200_000)).ToList();
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(channels.Select((c, i) => Loop(create(c), new Random(100 + i), TimeSpan.FromSeconds(seconds), latencies[i])));
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return (all.Length / elapsed, all[all.Length / 2], all[(int)(all.Length * 0.99)]);
    }
    finally
    {
        channels.ForEach(c => c.Dispose());
    }

    async Task Loop(TClient client, Random random, TimeSpan duration, List<double>? record)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var started = Stopwatch.GetTimestamp();
            await call(client, random);
            record?.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}

// 10,000 NP agencies, each with an active NP origin licence for QA, an active QA accreditation and an expired old
// licence; one open NP→QA corridor requiring accreditation. Loaded with COPY: the benchmark measures reads.
async Task<Guid[]> LoadAsync()
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    var ids = Enumerable.Range(0, Agencies).Select(_ => Guid.CreateVersion7()).ToArray();
    await using (var corridor = new NpgsqlCommand("""
        INSERT INTO corridors (id, origin_country, destination_country, state, proposed_by_country, bilateral_agreement_reference,
            destination_accreditation_required, minimum_worker_age, sectors, suspension_threshold, suspension_window_months, version)
        VALUES ($1, 'NP', 'QA', 'OPEN', 'NP', 'NP-QA (bench data)', true, 18, '["CONSTRUCTION","DOMESTIC_WORK"]', 3, 12, 2)
        """, connection))
    {
        corridor.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7() });
        await corridor.ExecuteNonQueryAsync();
    }

    await using (var copy = await connection.BeginBinaryImportAsync(
        "COPY agencies (id, legal_name, search_name, registration_number, country, address, contact_email, contact_phone, directors, version) FROM STDIN (FORMAT BINARY)"))
    {
        for (var i = 0; i < ids.Length; i++)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(ids[i], NpgsqlDbType.Uuid);
            await copy.WriteAsync($"Bench Agency {i}");
            await copy.WriteAsync($"bench agency {i}");
            await copy.WriteAsync($"DoFE-{i}");
            await copy.WriteAsync("NP");
            await copy.WriteAsync("Kathmandu");
            await copy.WriteAsync("");
            await copy.WriteAsync("");
            await copy.WriteAsync("[]");
            await copy.WriteAsync(1L);
        }

        await copy.CompleteAsync();
    }

    var today = DateOnly.FromDateTime(DateTime.UtcNow);
    await using (var copy = await connection.BeginBinaryImportAsync(
        "COPY licences (id, agency_id, kind, number, issuing_country, destination_countries, sectors, valid_from, valid_until, bond_currency, bond_amount, conditions, state, version) FROM STDIN (FORMAT BINARY)"))
    {
        for (var i = 0; i < ids.Length; i++)
        {
            foreach (var (kind, issuer, destinations, from, until, number) in new[]
            {
                ("ORIGIN_LICENCE", "NP", "[\"QA\",\"MY\"]", today.AddYears(-1), today.AddYears(2), $"NP-{i}"),
                ("DESTINATION_ACCREDITATION", "QA", "[\"QA\"]", today.AddYears(-1), today.AddYears(1), $"QA-{i}"),
                ("ORIGIN_LICENCE", "NP", "[\"QA\"]", today.AddYears(-6), today.AddYears(-3), $"NP-OLD-{i}"),
            })
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await copy.WriteAsync(ids[i], NpgsqlDbType.Uuid);
                await copy.WriteAsync(kind);
                await copy.WriteAsync(number);
                await copy.WriteAsync(issuer);
                await copy.WriteAsync(destinations);
                await copy.WriteAsync("[\"CONSTRUCTION\",\"DOMESTIC_WORK\"]");
                await copy.WriteAsync(from, NpgsqlDbType.Date);
                await copy.WriteAsync(until, NpgsqlDbType.Date);
                await copy.WriteAsync(issuer == "NP" ? "NPR" : "QAR");
                await copy.WriteAsync(0m, NpgsqlDbType.Numeric);
                await copy.WriteAsync("[]");
                await copy.WriteAsync(until < today ? "EXPIRED" : "ACTIVE");
                await copy.WriteAsync(1L);
            }
        }

        await copy.CompleteAsync();
    }

    await using (var analyze = new NpgsqlCommand("ANALYZE", connection))
    {
        await analyze.ExecuteNonQueryAsync();
    }

    return ids;
}

static async Task<RunningApp> StartAsync(Action<WebApplicationBuilder> configure, Action<WebApplication> map)
{
    var builder = WebApplication.CreateBuilder();
    builder.Logging.ClearProviders();
    var port = FreePort();
    builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http2));
    configure(builder);
    var app = builder.Build();
    map(app);
    await app.StartAsync();
    return new RunningApp(app, $"http://127.0.0.1:{port}");
}

// Below 32768: the ephemeral range can take a server port at any moment (shared/MACHINE.md).
static int FreePort()
{
    while (true)
    {
        var port = Random.Shared.Next(20000, 32000);
        try
        {
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            return port;
        }
        catch (System.Net.Sockets.SocketException)
        {
        }
    }
}

int Argument(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

/// <summary>A started host and where it listens.</summary>
internal sealed record RunningApp(WebApplication App, string Url) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => App.DisposeAsync();
}

/// <summary>The bare baseline service.</summary>
internal sealed class EchoService : Echo.EchoBase
{
    public override Task<EchoMessage> Echo(EchoMessage request, ServerCallContext context) => Task.FromResult(request);
}
