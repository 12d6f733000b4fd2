using System.Globalization;
using System.Security.Cryptography;
using Grpc.Core;
using Npgsql;
using RecruitRegistry.Bench.Common;
using RecruitRegistry.Bench.WorkerContracts;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Hosting;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.WorkerContracts;

// VerifyContract with 10,000 and with 1,000,000 contracts loaded, next to a bare gRPC echo; RegisterContract next to a
// raw Npgsql transaction writing the same rows. Every phase: 16 concurrent callers, each on its own HTTP/2 connection
// (or its own pooled PostgreSQL connection for the raw baseline), closed loop, after a warm-up (2-30 s, until the JIT settles).
// Needs RECRUIT_TEST_POSTGRES (bench/run-contracts.sh sets it). Loads once, then measures --rounds times, each round
// printing one line: "echo=… echo_p50=… echo_p99=… small=… small_p50=… small_p99=… large=… large_p50=… large_p99=…
// sql=… sql_p50=… sql_p99=… register=… register_p50=… register_p99=… raw=… raw_p50=… raw_p99=…".
var arguments = new Arguments(args);
var duration = TimeSpan.FromSeconds(arguments.Int("--seconds", 10));
var callers = arguments.Int("--callers", 16);
var rounds = arguments.Int("--rounds", 3);
var smallCount = arguments.Int("--small", 10_000);
var largeCount = arguments.Int("--large", 1_000_000);
// --phases register,raw measures only those (a quicker comparison of one path); the default is all seven.
var phases = arguments.Text("--phases", "echo,pipeline,small,large,sql,register,raw").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();

var admin = Environment.GetEnvironmentVariable("RECRUIT_TEST_POSTGRES") ?? throw new InvalidOperationException("RECRUIT_TEST_POSTGRES is not set");
var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
var secretKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

await using var echo = await BenchHost.StartEchoAsync();
await using var small = await StartContractsAsync("small");
await using var large = await StartContractsAsync("large");
await using var writes = await StartContractsAsync("writes");
var agencies = new List<Guid>();
foreach (var host in new[] { small, large, writes })
{
    agencies = await ContractLoader.SeedLicensingReplicaAsync(host.ConnectionString, agencies);
}

// Each agency's token minted once: signing a JWT per call would charge the load generator's work to the service.
var tokens = agencies.ToDictionary(a => a, a => new Metadata
{
    { "authorization", "Bearer " + TokenFactory.Create(new AuthOptions { SigningKey = signingKey }, Roles.Agency, null, a) },
});

// One contract registered through the service is the template every loaded contract copies.
var template = await RegisterAsync(new WorkerContracts.WorkerContractsClient(Grpc.Net.Client.GrpcChannel.ForAddress(writes.Host.Url)), agencies[0], Random.Shared);
var loader = await ContractLoader.CreateAsync(writes.ConnectionString, Guid.Parse(template.ContractId), secretKey);
var smallSample = await loader.LoadAsync(small.ConnectionString, smallCount, sample: smallCount);
var largeSample = await loader.LoadAsync(large.ConnectionString, largeCount, sample: 100_000);
await using var raw = new RawRegistration(writes.ConnectionString, loader);

for (var round = 1; round <= rounds; round++)
{
    var measures = new List<(string Name, Func<Task<Measurement>> Measure)>
    {
        ("echo", () => ClosedLoop.EchoAsync(echo, callers, duration)),
        // The same echo served by the 10,000-contract host: what its pipeline costs before any verification work.
        ("pipeline", () => ClosedLoop.EchoAsync(small.Host, callers, duration)),
        ("small", () => VerifyAsync(small.Host, smallSample)),
        ("large", () => VerifyAsync(large.Host, largeSample)),
        ("sql", () => SqlAsync(large.ConnectionString, largeSample)),
        ("register", () => ClosedLoop.MeasureAsync(writes.Host.Url, callers, duration, c => new WorkerContracts.WorkerContractsClient(c),
            (client, random) => RegisterAsync(client, agencies[random.Next(agencies.Count)], random))),
        ("raw", () => ClosedLoop.MeasureAsync(callers, duration, (_, random) => raw.InsertAsync(agencies[random.Next(agencies.Count)]))),
    };
    var results = new List<(string Name, Measurement Result)>();
    foreach (var (name, measure) in measures.Where(m => phases.Contains(m.Name)))
    {
        results.Add((name, await measure()));
    }
    foreach (var (name, result) in results)
    {
        Console.Error.WriteLine($"round {round}: {name,-8} {result}");
    }

    Console.WriteLine(string.Join(' ', results.Select(r => string.Create(CultureInfo.InvariantCulture,
        $"{r.Name}={r.Result.Rate:F0} {r.Name}_p50={r.Result.P50:F2} {r.Name}_p99={r.Result.P99:F2} {r.Name}_cpu={r.Result.ProcessCpu:F0} {r.Name}_dbcpu={r.Result.DatabaseCpu:F0} {r.Name}_kib={r.Result.Allocated / 1024:F1} {r.Name}_cs={r.Result.ContextSwitches:F2} {r.Name}_cost={r.Result.ProcessCpu + r.Result.DatabaseCpu:F0}"))));
}

return 0;

Task<Measurement> VerifyAsync(BenchHost host, IReadOnlyList<(string Reference, string Code)> sample) =>
    ClosedLoop.MeasureAsync(host.Url, callers, duration, c => new WorkerContracts.WorkerContractsClient(c), async (client, random) =>
    {
        var (reference, code) = sample[random.Next(sample.Count)];
        var reply = await client.VerifyContractAsync(new VerifyContractRequest { Reference = reference, VerificationCode = code });
        if (reply.Contract.Reference != reference || reply.AgencyLicenceState != RecruitRegistry.Contracts.Licensing.V1.LicenceState.Active)
        {
            throw new InvalidOperationException($"{reference}: unexpected answer {reply}");
        }
    });

// The verification statement alone (the worker view by reference), sent by plain Npgsql with every column read: what
// the database side of one VerifyContract costs without the service around it.
async Task<Measurement> SqlAsync(string connectionString, IReadOnlyList<(string Reference, string Code)> sample)
{
    await using var source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64, NoResetOnClose = true, Options = "-c plan_cache_mode=force_generic_plan" }.ConnectionString);
    return await ClosedLoop.MeasureAsync(callers, duration, async (caller, random) =>
    {
        await using var connection = await source.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(RecruitRegistry.WorkerContracts.ReadModel.WorkerViewSql.ByReferences(SqlDialect.For(DatabaseProvider.Postgres)).Replace("@References", "$1"), connection);
        command.Parameters.Add(new NpgsqlParameter { Value = new[] { sample[random.Next(sample.Count)].Reference } });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                _ = reader.GetValue(i);
            }
        }
    });
}

async Task<RegisterContractReply> RegisterAsync(WorkerContracts.WorkerContractsClient client, Guid agency, Random random) =>
    await client.RegisterContractAsync(Requests.Registration(agency, random), tokens[agency]);

// A WorkerContracts host on its own new database, or on an existing one; settings not given are the service's defaults.
async Task<ContractsHost> StartContractsAsync(string name, string? existingDatabase = null, Dictionary<string, string?>? settings = null)
{
    var connectionString = existingDatabase
        ?? new NpgsqlConnectionStringBuilder(admin) { Database = $"bench_contracts_{name}_{Guid.NewGuid().ToString("N")[..8]}" }.ConnectionString;
    var host = await BenchHost.StartAsync(
        builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Auth:SigningKey"] = signingKey,
                ["Platform:RateLimit:Enabled"] = "false", // the load generator is one client
                ["WorkerContracts:Database:Provider"] = "Postgres",
                ["WorkerContracts:Database:ConnectionString"] = connectionString,
                ["WorkerContracts:SecretKey"] = secretKey,
            });
            builder.Configuration.AddInMemoryCollection(settings ?? []);
            builder.AddServices([WorkerContractsService.Module]);
        },
        app =>
        {
            app.MapServices([WorkerContractsService.Module]);
            BenchHost.MapEcho(app);
        });
    return new ContractsHost(host, connectionString);
}

/// <summary>A WorkerContracts host and its database.</summary>
internal sealed record ContractsHost(BenchHost Host, string ConnectionString) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
