using System.Security.Cryptography;
using Dapper;
using Grpc.Core;
using MassTransit;
using Npgsql;
using RecruitRegistry.Ctl.Consistency;
using RecruitRegistry.FeeAudits.Cases;
using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Licensing;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Testing;
using RecruitRegistry.WorkerContracts;
using AuditsApi = RecruitRegistry.Contracts.FeeAudits.V1;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;
using LicensingApi = RecruitRegistry.Contracts.Licensing.V1;

namespace RecruitRegistry.FeeAudits.Tests;

/// <summary>
/// Licensing, WorkerContracts and FeeAudits composed as their hosts compose them, each on its own PostgreSQL database,
/// every event through a RabbitMQ virtual host of its own, called through real gRPC clients. Capture consumers record
/// what FeeAudits publishes.
/// </summary>
public sealed class FeeAuditsApp : IRecruitRegistry, IAsyncDisposable
{
    private static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly ServiceTestHost host;

    private FeeAuditsApp(ServiceTestHost host, ShiftedClock clock)
    {
        this.host = host;
        Clock = clock;
        Licensing = new LicensingApi.Licensing.LicensingClient(host.Channel);
        Contracts = new ContractsApi.WorkerContracts.WorkerContractsClient(host.Channel);
        Audits = new AuditsApi.FeeAudits.FeeAuditsClient(host.Channel);
        Grievances = new AuditsApi.Grievances.GrievancesClient(host.Channel);
    }

    public LicensingApi.Licensing.LicensingClient Licensing { get; }

    /// <summary>For calls built from descriptors rather than generated clients.</summary>
    public CallInvoker CallInvoker => host.Channel.CreateCallInvoker();

    /// <summary>A client of the JSON endpoints (the worker's routes), as a page or curl calls them.</summary>
    public HttpClient Http() => host.Http();

    public ContractsApi.WorkerContracts.WorkerContractsClient Contracts { get; }

    public AuditsApi.FeeAudits.FeeAuditsClient Audits { get; }

    public AuditsApi.Grievances.GrievancesClient Grievances { get; }

    public string LicensingDatabase => host.Databases[LicensingService.Name];

    public string ContractsDatabase => host.Databases[WorkerContractsService.Name];

    public string AuditsDatabase => host.Databases[FeeAuditsService.Name];

    public ShiftedClock Clock { get; }

    public EventLog Events => host.Events;

    public IBus Bus => host.Bus;

    internal RefundCommands Refunds => host.Services.GetRequiredService<RefundCommands>();

    internal Grievances.GrievanceOutcomes GrievanceOutcomes => host.Services.GetRequiredService<Grievances.GrievanceOutcomes>();

    public static async Task<FeeAuditsApp> StartAsync(Servers servers, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var clock = new ShiftedClock();
        var host = await ServiceTestHost.StartAsync(servers, [LicensingService.Module, WorkerContractsService.Module, FeeAuditsService.Module], new TestHostOptions
        {
            SigningKey = SigningKey,
            Settings = new Dictionary<string, string?>
            {
                ["Licensing:SweepInterval"] = "1.00:00:00",
                ["WorkerContracts:SecretKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["FeeAudits:SweepInterval"] = "1.00:00:00",
            }.Concat(settings ?? new Dictionary<string, string?>()).GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.Last().Value),
            Configure = builder => builder.Services.AddSingleton<TimeProvider>(clock),
            Consumers =
            [
                bus =>
                {
                    bus.AddConsumer<Capture<ContractAudited>>().Endpoint(e => e.Name = "test.contract-audited");
                    bus.AddConsumer<Capture<CaseChanged>>().Endpoint(e => e.Name = "test.case-changed");
                    bus.AddConsumer<Capture<FeeViolationChanged>>().Endpoint(e => e.Name = "test.fee-violation-changed");
                    bus.AddConsumer<Capture<GrievanceChanged>>().Endpoint(e => e.Name = "test.grievance-changed");
                    bus.AddConsumer<Capture<Fault<ContractChanged>>>().Endpoint(e => e.Name = "test.contract-changed-fault");
                },
            ],
        });
        return new FeeAuditsApp(host, clock);
    }

    /// <summary>Tokens valid for a year: tests move the clock by weeks.</summary>
    public static CallOptions As(string role, string? country = null, Guid? agencyId = null, string? key = null, TimeSpan? lifetime = null) =>
        new(new Metadata { { "authorization", "Bearer " + TokenFactory.Create(new AuthOptions { SigningKey = key ?? SigningKey }, role, country, agencyId, lifetime: lifetime ?? TimeSpan.FromDays(365)) } });

    public static CallOptions Authority(string country) => As(Roles.Authority, country);

    public static CallOptions Auditor(string country) => As(Roles.Auditor, country);

    public static CallOptions Agency(string id) => As(Roles.Agency, agencyId: Guid.Parse(id));

    public static CallOptions Agency(Guid id) => As(Roles.Agency, agencyId: id);

    CallOptions IRecruitRegistry.Authority(string country) => Authority(country);

    CallOptions IRecruitRegistry.Auditor(string country) => Auditor(country);

    CallOptions IRecruitRegistry.Agency(string agencyId) => Agency(agencyId);

    /// <summary>Waits until the replicas of the corridor in WorkerContracts and FeeAudits equal their owners, kind by kind.</summary>
    Task IRecruitRegistry.CaughtUpAsync(string origin, string destination)
    {
        var checker = new CorridorChecker(Licensing, Contracts, Audits, Authority(origin));
        return Eventually.Until(
            () => checker.CompareAsync(origin, destination), c => c.All(k => k.Agrees), TimeSpan.FromSeconds(30), $"the replicas of the {origin}-{destination} corridor");
    }

    public static CallOptions OtherKey() => As(Roles.Auditor, "NP", key: Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    /// <summary>Validly signed tokens whose claims do not read as a caller (<see cref="MalformedTokens"/>).</summary>
    public static IReadOnlyDictionary<string, CallOptions> Malformed(Guid ownAgency) => MalformedTokens.Callers(SigningKey, ownAgency);

    public static CallOptions Expired() => As(Roles.Auditor, "NP", lifetime: TimeSpan.FromMinutes(-10));

    public static readonly CallOptions Anonymous = new();

    /// <summary>The callers of docs/security.md's FeeAudits tables (NP→QA), <paramref name="agencyId"/> the agency the records are about.</summary>
    public static Dictionary<string, CallOptions> Callers(Guid agencyId) => new()
    {
        ["anonymous"] = Anonymous,
        ["own authority"] = Authority("NP"),
        ["other-side authority"] = Authority("QA"),
        ["stranger authority"] = Authority("PH"),
        ["origin auditor"] = Auditor("NP"),
        ["destination auditor"] = Auditor("QA"),
        ["stranger auditor"] = Auditor("PH"),
        ["own agency"] = Agency(agencyId),
        ["other agency"] = Agency(Guid.NewGuid()),
        ["expired token"] = Expired(),
        ["foreign key"] = OtherKey(),
    };

    public async Task<T> ScalarAsync<T>(string connectionString, string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<T>(sql, parameters) ?? throw new InvalidOperationException("no value");
    }

    public Task<long> CountAsync(string sql, object? parameters = null) => ScalarAsync<long>(AuditsDatabase, sql, parameters);

    public ValueTask DisposeAsync() => host.DisposeAsync();
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
