using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using MassTransit;
using Npgsql;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.TestHost.Probes;

// Outbox throughput, end to end through PostgreSQL and RabbitMQ, next to its two ceilings measured in the same run:
//   1. raw Npgsql: the same rows (one probe row + one outbox row per transaction), 16 writers, no publishing;
//   2. raw MassTransit: publishing the same messages with publisher confirms, 256 in flight, no database;
//   3. the unit of work alone: what the platform's write path costs before anything is published;
//   4. outbox: 16 writers commit through the unit of work; the relay publishes; done when every row is confirmed.
// Messages go to a durable quorum queue bound to the event's exchange (declared here with RabbitMQ.Client), so the
// broker stores every one; no consumer runs in this process, so no consumer's CPU is charged to the publishing side.
// The queue's depth is checked at the end of each publishing phase: nothing confirmed may be missing.
// Needs RECRUIT_TEST_POSTGRES, RECRUIT_TEST_RABBITMQ and RECRUIT_RABBITMQCTL (bench/run-outbox.sh sets them).
// Prints one line: "npgsql=<tx/s> masstransit=<msg/s> outbox=<events/s>".
var seconds = Argument("--seconds", 10);
var events = Argument("--events", 20_000);
var writers = Argument("--writers", 16);

var postgres = Environment.GetEnvironmentVariable("RECRUIT_TEST_POSTGRES") ?? throw new InvalidOperationException("RECRUIT_TEST_POSTGRES is not set");
var rabbit = Environment.GetEnvironmentVariable("RECRUIT_TEST_RABBITMQ") ?? throw new InvalidOperationException("RECRUIT_TEST_RABBITMQ is not set");
var ctl = Environment.GetEnvironmentVariable("RECRUIT_RABBITMQCTL") ?? throw new InvalidOperationException("RECRUIT_RABBITMQCTL is not set");

var npgsqlRate = await RawNpgsqlAsync();
Console.Error.WriteLine($"raw npgsql: {npgsqlRate:F0} tx/s");
var publishRate = await RawMassTransitAsync();
Console.Error.WriteLine($"raw masstransit publish: {publishRate:F0} msg/s");
var unitOfWorkRate = await UnitOfWorkAloneAsync();
Console.Error.WriteLine($"unit of work alone (no relay): {unitOfWorkRate:F0} tx/s");
var outboxRate = await OutboxAsync();
Console.Error.WriteLine($"outbox end to end: {outboxRate:F0} events/s");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"npgsql={npgsqlRate:F0} masstransit={publishRate:F0} unitofwork={unitOfWorkRate:F0} outbox={outboxRate:F0}"));
return 0;

async Task<double> RawNpgsqlAsync()
{
    var (source, _) = await FreshDatabasesAsync();
    await using var dataSource = NpgsqlDataSource.Create(source);
    var body = System.Text.Json.JsonSerializer.Serialize(new ProbeChanged { ProbeId = Guid.NewGuid(), Version = 1, Value = "value-0" });
    var count = 0L;
    var stopwatch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, writers).Select(async _ =>
    {
        while (stopwatch.Elapsed.TotalSeconds < seconds)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var probe = new NpgsqlCommand("INSERT INTO probe (id, value, version) VALUES ($1, $2, 1)", connection, transaction))
            {
                probe.Parameters.Add(new NpgsqlParameter { Value = Guid.NewGuid() });
                probe.Parameters.Add(new NpgsqlParameter { Value = "value" });
                await probe.ExecuteNonQueryAsync();
            }

            await using (var outbox = new NpgsqlCommand("INSERT INTO outbox (message_id, message_type, body, created_at) VALUES ($1, $2, $3, $4)", connection, transaction))
            {
                outbox.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7() });
                outbox.Parameters.Add(new NpgsqlParameter { Value = typeof(ProbeChanged).FullName });
                outbox.Parameters.Add(new NpgsqlParameter { Value = body });
                outbox.Parameters.Add(new NpgsqlParameter { Value = DateTimeOffset.UtcNow });
                await outbox.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
            Interlocked.Increment(ref count);
        }
    }));
    return count / stopwatch.Elapsed.TotalSeconds;
}

// The platform's write path (UnitOfWork, Dapper, JSON, outbox row) without a relay running: what the platform adds
// to raw Npgsql before any publishing.
async Task<double> UnitOfWorkAloneAsync()
{
    var (source, _) = await FreshDatabasesAsync();
    var options = Microsoft.Extensions.Options.Options.Create(new ProbeOptions
    {
        Source = new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = source },
    });
    await using var database = new ProbeSourceDatabase(options, new RecruitRegistry.Platform.Messaging.OutboxMessageTypes().Add(typeof(ProbeChanged).Assembly), TimeProvider.System);
    var writer = new ProbeWriter(database);
    var count = 0L;
    var stopwatch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, writers).Select(async _ =>
    {
        while (stopwatch.Elapsed.TotalSeconds < seconds)
        {
            await writer.SetAsync(Guid.NewGuid(), "value");
            Interlocked.Increment(ref count);
        }
    }));
    return count / stopwatch.Elapsed.TotalSeconds;
}

async Task<double> RawMassTransitAsync()
{
    var (source, replica) = await FreshDatabasesAsync();
    var (host, vhost) = await StartHostAsync(ProbeRoles.Source, source, replica);
    using var _ = host;
    var bus = host.Services.GetRequiredService<IBus>();
    using var inFlight = new SemaphoreSlim(256);
    var message = new ProbeChanged { ProbeId = Guid.NewGuid(), Version = 1, Value = "value-0" };
    var stopwatch = Stopwatch.StartNew();
    var published = 0L;
    var pending = new List<Task>();
    while (stopwatch.Elapsed.TotalSeconds < seconds)
    {
        await inFlight.WaitAsync();
        pending.Add(PublishOne());
        if (pending.Count > 10_000)
        {
            pending.RemoveAll(t => t.IsCompleted);
        }
    }

    await Task.WhenAll(pending);
    var rate = published / stopwatch.Elapsed.TotalSeconds;
    await host.StopAsync();
    await ExpectQueueDepthAsync(vhost, published);
    return rate;

    async Task PublishOne()
    {
        try
        {
            await bus.Publish(message, c => c.MessageId = Guid.NewGuid());
            Interlocked.Increment(ref published);
        }
        finally
        {
            inFlight.Release();
        }
    }
}

async Task<double> OutboxAsync()
{
    var (source, replica) = await FreshDatabasesAsync();
    var (host, vhost) = await StartHostAsync(ProbeRoles.Source, source, replica);
    using var _ = host;
    var writer = host.Services.GetRequiredService<ProbeWriter>();
    await using var check = NpgsqlDataSource.Create(source);
    var next = -1;
    var stopwatch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, writers).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < events)
        {
            await writer.SetAsync(Guid.NewGuid(), $"value-{i}"); // a new probe each time: the same rows as the raw baseline
        }
    }));
    var committed = stopwatch.Elapsed;
    await using (var unsent = check.CreateCommand("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL"))
    {
        while ((long)(await unsent.ExecuteScalarAsync())! > 0)
        {
            if (stopwatch.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException("the relay did not publish everything within 5 minutes");
            }

            await Task.Delay(10);
        }
    }

    var elapsed = stopwatch.Elapsed;
    Console.Error.WriteLine($"  outbox: {events} committed in {committed.TotalSeconds:F1} s, all confirmed by the broker after {elapsed.TotalSeconds:F1} s");
    await host.StopAsync();
    await ExpectQueueDepthAsync(vhost, events);
    return events / elapsed.TotalSeconds;
}

async Task<(IHost Host, string VirtualHost)> StartHostAsync(ProbeRoles roles, string source, string replica)
{
    var vhost = "bench-" + Guid.NewGuid().ToString("N")[..8];
    await Run(ctl, "add_vhost", vhost);
    await Run(ctl, "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
    await DeclareQueueAsync(vhost);
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.ClearProviders();
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Auth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Platform:Transport"] = "RabbitMq",
        ["Platform:RabbitMq:Host"] = rabbit.Split(':')[0],
        ["Platform:RabbitMq:Port"] = rabbit.Split(':')[1],
        ["Platform:RabbitMq:VirtualHost"] = vhost,
        ["Platform:PrefetchCount"] = "100",
        ["Probe:Source:Provider"] = "Postgres",
        ["Probe:Source:ConnectionString"] = source,
        ["Probe:Replica:Provider"] = "Postgres",
        ["Probe:Replica:ConnectionString"] = replica,
    });
    builder.AddProbe(roles);
    var host = builder.Build();
    await host.StartAsync();
    return (host, vhost);
}

// The exchange MassTransit publishes ProbeChanged to, with a durable quorum queue bound: the broker stores every message.
async Task DeclareQueueAsync(string vhost)
{
    var factory = new RabbitMQ.Client.ConnectionFactory
    {
        HostName = rabbit.Split(':')[0],
        Port = int.Parse(rabbit.Split(':')[1], CultureInfo.InvariantCulture),
        VirtualHost = vhost,
    };
    await using var connection = await factory.CreateConnectionAsync();
    await using var channel = await connection.CreateChannelAsync();
    var exchange = $"{typeof(ProbeChanged).Namespace}:{nameof(ProbeChanged)}";
    await channel.ExchangeDeclareAsync(exchange, "fanout", durable: true, autoDelete: false);
    await channel.QueueDeclareAsync(BenchQueue, durable: true, exclusive: false, autoDelete: false,
        arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
    await channel.QueueBindAsync(BenchQueue, exchange, "");
}

async Task ExpectQueueDepthAsync(string vhost, long expected)
{
    var deadline = Stopwatch.StartNew();
    while (true)
    {
        var listing = await Run(ctl, "list_queues", "-p", vhost, "--quiet", "--no-table-headers", "name", "messages");
        var depth = listing.Split('\n').Select(l => l.Split('\t')).Where(f => f.Length == 2 && f[0] == BenchQueue).Select(f => long.Parse(f[1], CultureInfo.InvariantCulture)).FirstOrDefault();
        if (depth == expected)
        {
            return;
        }

        if (deadline.Elapsed > TimeSpan.FromSeconds(30))
        {
            throw new InvalidOperationException($"{BenchQueue} holds {depth} messages, expected {expected}");
        }

        await Task.Delay(500);
    }
}

async Task<(string Source, string Replica)> FreshDatabasesAsync()
{
    var suffix = Guid.NewGuid().ToString("N")[..8];
    await using (var admin = new NpgsqlConnection(postgres))
    {
        await admin.OpenAsync();
        foreach (var name in new[] { "bench_src_" + suffix, "bench_rep_" + suffix })
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
    }

    var source = new NpgsqlConnectionStringBuilder(postgres) { Database = "bench_src_" + suffix, MaxPoolSize = 64, MaxAutoPrepare = 32, AutoPrepareMinUsages = 2, NoResetOnClose = true }.ConnectionString;
    var replica = new NpgsqlConnectionStringBuilder(postgres) { Database = "bench_rep_" + suffix }.ConnectionString;
    var options = Microsoft.Extensions.Options.Options.Create(new ProbeOptions
    {
        Source = new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = source },
    });
    await using var database = new ProbeSourceDatabase(options, new RecruitRegistry.Platform.Messaging.OutboxMessageTypes().Add(typeof(ProbeChanged).Assembly), TimeProvider.System);
    await Migrator.MigrateAsync(database, CancellationToken.None);
    return (source, replica);
}

static async Task<string> Run(string file, params string[] arguments)
{
    using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
    var output = process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{file} {string.Join(' ', arguments)}: {await process.StandardError.ReadToEndAsync()}");
    }

    return await output;
}

int Argument(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

internal static partial class Program
{
    private const string BenchQueue = "bench.probe-changed";
}
