using System.Globalization;
using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using RecruitRegistry.Testing;

namespace RecruitRegistry.EndToEnd;

/// <summary>
/// One service host as a separate process (services/&lt;Service&gt;/RecruitRegistry.&lt;Service&gt;.Host), on its own
/// loopback ports and PostgreSQL database, configured the way scripts/run-distributed.sh configures it. It can be
/// killed with SIGKILL and started again on the same ports and database.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly string dll;
    private readonly IReadOnlyList<string> arguments;
    private ChildProcess? process;

    public ServiceProcess(string name, string section, string database, IEnumerable<string> shared)
    {
        Name = name;
        Database = database;
        GrpcPort = LoopbackPort.Free();
        HttpPort = LoopbackPort.Free();
        dll = ChildProcess.BuiltDll(Path.Combine("services", name, $"RecruitRegistry.{name}.Host"), $"RecruitRegistry.{name}.Host");
        arguments =
        [
            .. shared,
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{GrpcPort}",
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{HttpPort}",
            $"--{section}:Database:Provider=Postgres",
            $"--{section}:Database:ConnectionString={database}",
        ];
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}");
    }

    public string Name { get; }

    public string Database { get; }

    public int GrpcPort { get; }

    public int HttpPort { get; }

    /// <summary>Survives restarts: the channel reconnects to the same port.</summary>
    public GrpcChannel Channel { get; }

    public int? Pid => process?.Id;

    public string Output => process?.Output ?? "";

    /// <summary>Starts the host and waits until it reports SERVING on grpc.health.v1 (its database and its bus).</summary>
    public async Task StartAsync()
    {
        process = await ChildProcess.StartAsync(dll, arguments, readyLine: "Application started");
        var health = new Health.HealthClient(Channel);
        await Eventually.Until(
            async () =>
            {
                try
                {
                    return (await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2))).Status;
                }
                catch (RpcException)
                {
                    return HealthCheckResponse.Types.ServingStatus.Unknown;
                }
            },
            s => s == HealthCheckResponse.Types.ServingStatus.Serving, TimeSpan.FromSeconds(60), $"{Name} to report SERVING");
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        if (process is not null)
        {
            await process.KillAsync();
            await process.DisposeAsync();
            process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            await process.TerminateAsync();
            await process.DisposeAsync();
        }

        Channel.Dispose();
    }
}

/// <summary>
/// The distributed mode on the real servers: Licensing, WorkerContracts and FeeAudits as three processes, three
/// PostgreSQL databases, one RabbitMQ virtual host, keys generated for the run. Every consumer's queue is declared
/// before anything is published (all three report SERVING before a test calls them).
/// </summary>
public sealed class DistributedSystem : RecruitSystem, IAsyncDisposable
{
    private readonly Servers servers;
    private readonly string virtualHost;

    private DistributedSystem(Servers servers, string virtualHost, ServiceProcess licensing, ServiceProcess contracts, ServiceProcess audits, DistributedKeys keys)
        : base(licensing.Channel, contracts.Channel, audits.Channel, keys.Signing)
    {
        this.servers = servers;
        this.virtualHost = virtualHost;
        LicensingProcess = licensing;
        ContractsProcess = contracts;
        AuditsProcess = audits;
        Keys = keys;
    }

    public ServiceProcess LicensingProcess { get; }

    public ServiceProcess ContractsProcess { get; }

    public ServiceProcess AuditsProcess { get; }

    public IEnumerable<ServiceProcess> Processes => [LicensingProcess, ContractsProcess, AuditsProcess];

    public Servers Servers => servers;

    public string VirtualHost => virtualHost;

    /// <summary>Starts the three processes; <paramref name="settings"/> (<c>--Key=value</c>) come last, so they win.</summary>
    public static async Task<DistributedSystem> StartAsync(Servers servers, params string[] settings)
    {
        var vhost = await servers.RabbitMq.CreateVirtualHostAsync();
        var keys = new DistributedKeys();
        string[] shared =
        [
            "--Platform:Transport=RabbitMq",
            "--Platform:RateLimit:Enabled=false", // the load generators call from one address
            $"--Platform:RabbitMq:Host={servers.RabbitMq.Host}",
            $"--Platform:RabbitMq:Port={servers.RabbitMq.Port.ToString(CultureInfo.InvariantCulture)}",
            $"--Platform:RabbitMq:VirtualHost={vhost}",
            $"--Auth:SigningKey={keys.Signing}",
            $"--WorkerContracts:SecretKey={keys.Contracts}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
            "--Logging:LogLevel:RecruitRegistry.Platform.Messaging=Information", // the relays' recoveries, not each batch
            "--Logging:Console:FormatterName=simple",
            "--Logging:Console:FormatterOptions:TimestampFormat=HH:mm:ss.fff ",
            "--Logging:Console:FormatterOptions:SingleLine=true",
            "--Logging:Console:FormatterOptions:UseUtcTimestamp=true",
            .. settings,
        ];
        var licensing = new ServiceProcess("Licensing", "Licensing", await servers.Postgres.CreateDatabaseAsync("licensing"), shared);
        var contracts = new ServiceProcess("WorkerContracts", "WorkerContracts", await servers.Postgres.CreateDatabaseAsync("contracts"), shared);
        var audits = new ServiceProcess("FeeAudits", "FeeAudits", await servers.Postgres.CreateDatabaseAsync("feeaudits"), shared);
        var system = new DistributedSystem(servers, vhost, licensing, contracts, audits, keys);
        await Task.WhenAll(system.Processes.Select(p => p.StartAsync()));
        return system;
    }

    public DistributedKeys Keys { get; }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Processes)
        {
            await process.DisposeAsync();
        }

        await servers.RabbitMq.DeleteVirtualHostAsync(virtualHost);
    }
}

/// <summary>The run's secrets, generated here as scripts/run-distributed.sh generates them.</summary>
public sealed class DistributedKeys
{
    public string Signing { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string Contracts { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
