using System.Globalization;
using System.Net;
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
using OpenTelemetry.Trace;
using RecruitRegistry.Ctl.Consistency;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Licensing;
using RecruitRegistry.Platform.Hosting;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Testing;
using LicensingApi = RecruitRegistry.Contracts.Licensing.V1;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.WorkerContracts.Tests;

/// <summary>
/// Licensing and WorkerContracts composed as their hosts compose them, each on its own PostgreSQL database, every event
/// through a RabbitMQ virtual host of its own, called through real gRPC clients (and HTTP for the JSON endpoints).
/// Capture consumers record what WorkerContracts publishes.
/// </summary>
public sealed class ContractsApp : IRecruitRegistry, IAsyncDisposable
{
    public const int FailuresPerClient = 8;

    private static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly ServiceTestHost host;

    private ContractsApp(ServiceTestHost host, ShiftedClock clock)
    {
        this.host = host;
        Clock = clock;
        Licensing = new LicensingApi.Licensing.LicensingClient(host.Channel);
        Contracts = new ContractsApi.WorkerContracts.WorkerContractsClient(host.Channel);
    }

    public LicensingApi.Licensing.LicensingClient Licensing { get; }

    public ContractsApi.WorkerContracts.WorkerContractsClient Contracts { get; }

    // Not served here: the scenario's FeeAudits steps are not for this app.
    RecruitRegistry.Contracts.FeeAudits.V1.FeeAudits.FeeAuditsClient IRecruitRegistry.Audits => new(host.Channel);

    RecruitRegistry.Contracts.FeeAudits.V1.Grievances.GrievancesClient IRecruitRegistry.Grievances => new(host.Channel);

    public string LicensingDatabase => host.Databases[LicensingService.Name];

    public string ContractsDatabase => host.Databases[WorkerContractsService.Name];

    public EventLog Events => host.Events;

    /// <summary>The services' clock (windows that run for months); tokens are minted by the real one.</summary>
    public ShiftedClock Clock { get; }

    /// <summary>The finished spans of one trace, as the host's tracer exported them (in memory).</summary>
    public IReadOnlyList<System.Diagnostics.Activity> Trace(System.Diagnostics.ActivityTraceId traceId) => host.Trace(traceId);

    public IBus Bus => host.Bus;

    /// <summary>The host's services (its hosted services, its database).</summary>
    public IServiceProvider Services => host.Services;

    public static async Task<ContractsApp> StartAsync(Servers servers)
    {
        var clock = new ShiftedClock();
        return new(await ServiceTestHost.StartAsync(servers, [LicensingService.Module, WorkerContractsService.Module], new TestHostOptions
        {
            Configure = builder => builder.Services.AddSingleton<TimeProvider>(clock),
            SigningKey = SigningKey,
            Settings = new Dictionary<string, string?>
            {
                ["Licensing:SweepInterval"] = "1.00:00:00",
                ["WorkerContracts:SecretKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["WorkerContracts:Verification:FailuresPerClient"] = FailuresPerClient.ToString(CultureInfo.InvariantCulture),
            },
            Consumers =
            [
                bus =>
                {
                    bus.AddConsumer<Capture<ContractChanged>>().Endpoint(e => e.Name = "test.contract-changed");
                    bus.AddConsumer<Capture<SubstitutionReported>>().Endpoint(e => e.Name = "test.substitution-reported");
                    bus.AddConsumer<Capture<FeesPaidReported>>().Endpoint(e => e.Name = "test.fees-paid-reported");
                    bus.AddConsumer<Capture<GrievanceFiled>>().Endpoint(e => e.Name = "test.grievance-filed");
                    bus.AddConsumer<Capture<GrievanceAppealed>>().Endpoint(e => e.Name = "test.grievance-appealed");
                },
            ],
        }), clock);
    }

    /// <summary>A WorkerContracts client whose calls come from the given address (for the per-client rate limit).</summary>
    public ContractsApi.WorkerContracts.WorkerContractsClient ClientFrom(string address) => new(host.ChannelFrom(address));

    /// <summary>Plain HTTP/1.1 with JSON, as the worker web page will call.</summary>
    public HttpClient Http() => host.Http();

    public static CallOptions As(string role, string? country = null, Guid? agencyId = null, string? key = null, TimeSpan? lifetime = null) =>
        new(new Metadata { { "authorization", "Bearer " + TokenFactory.Create(new AuthOptions { SigningKey = key ?? SigningKey }, role, country, agencyId, lifetime: lifetime) } });

    public static CallOptions Authority(string country) => As(Roles.Authority, country);

    public static CallOptions Auditor(string country) => As(Roles.Auditor, country);

    public static CallOptions Agency(string id) => As(Roles.Agency, agencyId: Guid.Parse(id));

    CallOptions IRecruitRegistry.Authority(string country) => Authority(country);

    CallOptions IRecruitRegistry.Auditor(string country) => Auditor(country);

    CallOptions IRecruitRegistry.Agency(string agencyId) => Agency(agencyId);

    Task IRecruitRegistry.CaughtUpAsync(string origin, string destination) => WaitForReplicaAsync(origin, destination);

    public static CallOptions OtherKey() => As(Roles.Authority, "NP", key: Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    /// <summary>Validly signed tokens whose claims do not read as a caller (<see cref="MalformedTokens"/>).</summary>
    public static IReadOnlyDictionary<string, CallOptions> Malformed(Guid ownAgency) => MalformedTokens.Callers(SigningKey, ownAgency);

    public static CallOptions Expired() => As(Roles.Authority, "NP", lifetime: TimeSpan.FromMinutes(-10));

    public static readonly CallOptions Anonymous = new();

    /// <summary>Waits until this service's replica of the corridor equals Licensing's (their digests per kind agree).</summary>
    public Task WaitForReplicaAsync(string origin = "NP", string destination = "QA") =>
        Eventually.Until(
            async () =>
            {
                var request = new GetCorridorDigestRequest { OriginCountry = origin, DestinationCountry = destination };
                return CorridorChecker.Compare(new Dictionary<string, CorridorDigest>
                {
                    [CorridorChecker.Licensing] = await Licensing.GetCorridorDigestAsync(request, Authority(origin)),
                    [CorridorChecker.WorkerContracts] = await Contracts.GetCorridorDigestAsync(request, Authority(origin)),
                });
            },
            comparisons => comparisons.All(c => c.Agrees),
            TimeSpan.FromSeconds(30),
            "WorkerContracts' replica to equal Licensing");

    public async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ContractsDatabase);
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<Servers>
{
    public const string Name = "real servers";
}

/// <summary>A test on its own Licensing + WorkerContracts app, with the scenario builder.</summary>
[Collection(ServersCollection.Name)]
public abstract class ContractsTest(Servers servers) : IAsyncLifetime
{
    protected Servers Servers { get; } = servers;

    protected ContractsApp App { get; private set; } = null!;

    protected CorridorScenario Given { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await ContractsApp.StartAsync(Servers);
        Given = new CorridorScenario(App);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
