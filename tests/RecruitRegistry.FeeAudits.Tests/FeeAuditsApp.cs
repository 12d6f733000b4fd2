using System.Globalization;
using System.Security.Cryptography;
using Dapper;
using Grpc.Core;
using Grpc.Net.Client;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using RecruitRegistry.FeeAudits.Cases;
using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Licensing;
using RecruitRegistry.Platform.Hosting;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Testing;
using RecruitRegistry.WorkerContracts;
using AuditsApi = RecruitRegistry.Contracts.FeeAudits.V1;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;
using LicensingApi = RecruitRegistry.Contracts.Licensing.V1;

namespace RecruitRegistry.FeeAudits.Tests;

/// <summary>A clock tests move forward (appeal windows, refund due days); tokens live long enough to outlast the moves.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private TimeSpan offset;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;

    public void Advance(TimeSpan by) => offset += by;
}

/// <summary>
/// Licensing, WorkerContracts and FeeAudits composed as their hosts compose them, each on its own PostgreSQL database,
/// every event through a RabbitMQ virtual host of its own, called through real gRPC clients. Capture consumers record
/// what FeeAudits publishes.
/// </summary>
public sealed class FeeAuditsApp : IAsyncDisposable
{
    private static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly WebApplication app;
    private readonly GrpcChannel channel;
    private readonly RabbitMqServer rabbitMq;
    private readonly string virtualHost;

    private FeeAuditsApp(WebApplication app, string licensingDb, string contractsDb, string auditsDb, RabbitMqServer rabbitMq, string virtualHost, ShiftedClock clock)
    {
        this.app = app;
        this.rabbitMq = rabbitMq;
        this.virtualHost = virtualHost;
        LicensingDatabase = licensingDb;
        ContractsDatabase = contractsDb;
        AuditsDatabase = auditsDb;
        Clock = clock;
        channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = app.GetTestServer().CreateHandler() });
        Licensing = new LicensingApi.Licensing.LicensingClient(channel);
        Contracts = new ContractsApi.WorkerContracts.WorkerContractsClient(channel);
        Audits = new AuditsApi.FeeAudits.FeeAuditsClient(channel);
    }

    public LicensingApi.Licensing.LicensingClient Licensing { get; }

    /// <summary>For calls built from descriptors rather than generated clients.</summary>
    public CallInvoker CallInvoker => channel.CreateCallInvoker();

    public ContractsApi.WorkerContracts.WorkerContractsClient Contracts { get; }

    public AuditsApi.FeeAudits.FeeAuditsClient Audits { get; }

    public string LicensingDatabase { get; }

    public string ContractsDatabase { get; }

    public string AuditsDatabase { get; }

    public ShiftedClock Clock { get; }

    public EventLog Events => app.Services.GetRequiredService<EventLog>();

    public IBus Bus => app.Services.GetRequiredService<IBus>();

    internal RefundCommands Refunds => app.Services.GetRequiredService<RefundCommands>();

    public static async Task<FeeAuditsApp> StartAsync(Servers servers, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var licensingDb = await servers.Postgres.CreateDatabaseAsync("licensing");
        var contractsDb = await servers.Postgres.CreateDatabaseAsync("contracts");
        var auditsDb = await servers.Postgres.CreateDatabaseAsync("feeaudits");
        var vhost = await servers.RabbitMq.CreateVirtualHostAsync();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = SigningKey,
            ["Platform:Transport"] = "RabbitMq",
            ["Platform:RabbitMq:Host"] = servers.RabbitMq.Host,
            ["Platform:RabbitMq:Port"] = servers.RabbitMq.Port.ToString(CultureInfo.InvariantCulture),
            ["Platform:RabbitMq:VirtualHost"] = vhost,
            ["Platform:RetryLimit"] = "2",
            ["Platform:RateLimit:Enabled"] = "false", // every test client shares one address
            ["Licensing:Database:Provider"] = "Postgres",
            ["Licensing:Database:ConnectionString"] = licensingDb,
            ["Licensing:SweepInterval"] = "1.00:00:00",
            ["WorkerContracts:Database:Provider"] = "Postgres",
            ["WorkerContracts:Database:ConnectionString"] = contractsDb,
            ["WorkerContracts:SecretKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["FeeAudits:Database:Provider"] = "Postgres",
            ["FeeAudits:Database:ConnectionString"] = auditsDb,
            ["FeeAudits:SweepInterval"] = "1.00:00:00",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        var clock = new ShiftedClock();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<EventLog>();
        ServiceModule[] modules = [LicensingService.Module, WorkerContractsService.Module, FeeAuditsService.Module];
        builder.AddServices(modules, bus =>
        {
            bus.AddConsumer<Capture<ContractAudited>>().Endpoint(e => e.Name = "test.contract-audited");
            bus.AddConsumer<Capture<CaseChanged>>().Endpoint(e => e.Name = "test.case-changed");
            bus.AddConsumer<Capture<FeeViolationChanged>>().Endpoint(e => e.Name = "test.fee-violation-changed");
            bus.AddConsumer<Capture<Fault<ContractChanged>>>().Endpoint(e => e.Name = "test.contract-changed-fault");
        });
        var app = builder.Build();
        app.MapServices(modules);
        await app.StartAsync();
        return new FeeAuditsApp(app, licensingDb, contractsDb, auditsDb, servers.RabbitMq, vhost, clock);
    }

    /// <summary>Tokens valid for a year: tests move the clock by weeks.</summary>
    public static CallOptions As(string role, string? country = null, Guid? agencyId = null, string? key = null, TimeSpan? lifetime = null) =>
        new(new Metadata { { "authorization", "Bearer " + TokenFactory.Create(new AuthOptions { SigningKey = key ?? SigningKey }, role, country, agencyId, lifetime: lifetime ?? TimeSpan.FromDays(365)) } });

    public static CallOptions Authority(string country) => As(Roles.Authority, country);

    public static CallOptions Auditor(string country) => As(Roles.Auditor, country);

    public static CallOptions Agency(string id) => As(Roles.Agency, agencyId: Guid.Parse(id));

    public static CallOptions Agency(Guid id) => As(Roles.Agency, agencyId: id);

    public static CallOptions OtherKey() => As(Roles.Auditor, "NP", key: Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    /// <summary>Validly signed tokens whose claims do not read as a caller (<see cref="MalformedTokens"/>).</summary>
    public static IReadOnlyDictionary<string, CallOptions> Malformed(Guid ownAgency) => MalformedTokens.Callers(SigningKey, ownAgency);

    public static CallOptions Expired() => As(Roles.Auditor, "NP", lifetime: TimeSpan.FromMinutes(-10));

    public static readonly CallOptions Anonymous = new();

    public async Task<T> ScalarAsync<T>(string connectionString, string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<T>(sql, parameters) ?? throw new InvalidOperationException("no value");
    }

    public Task<long> CountAsync(string sql, object? parameters = null) => ScalarAsync<long>(AuditsDatabase, sql, parameters);

    public async ValueTask DisposeAsync()
    {
        channel.Dispose();
        await app.ShutDownAsync();
        await rabbitMq.DeleteVirtualHostAsync(virtualHost);
    }
}

[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<Servers>
{
    public const string Name = "real servers";
}

/// <summary>A test on its own three-service app.</summary>
[Collection(ServersCollection.Name)]
public abstract class FeeAuditsTest(Servers servers) : IAsyncLifetime
{
    protected FeeAuditsApp App { get; private set; } = null!;

    protected Scenario Given { get; private set; } = null!;

    /// <summary>Settings a test class adds to (or changes in) the app's configuration.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    public async Task InitializeAsync()
    {
        App = await FeeAuditsApp.StartAsync(servers, Settings);
        Given = new Scenario(App);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
