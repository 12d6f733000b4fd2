using System.Security.Cryptography;
using Grpc.Core;
using MassTransit;
using RecruitRegistry.IntegrationEvents.Licensing;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Testing;
using Api = RecruitRegistry.Contracts.Licensing.V1;

namespace RecruitRegistry.Licensing.Tests;

/// <summary>
/// The Licensing service composed as its host composes it, on its own PostgreSQL database and RabbitMQ virtual
/// host, called through a real gRPC client; a capture consumer on the same bus records every event it publishes.
/// </summary>
public sealed class LicensingApp : IRecruitRegistry, IAsyncDisposable
{
    private static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly ServiceTestHost host;

    private LicensingApp(ServiceTestHost host)
    {
        this.host = host;
        Client = new Api.Licensing.LicensingClient(host.Channel);
    }

    public Api.Licensing.LicensingClient Client { get; }

    Api.Licensing.LicensingClient IRecruitRegistry.Licensing => Client;

    // Not served here: the scenario's Licensing steps are all this app takes.
    RecruitRegistry.Contracts.WorkerContracts.V1.WorkerContracts.WorkerContractsClient IRecruitRegistry.Contracts => new(host.Channel);

    RecruitRegistry.Contracts.FeeAudits.V1.FeeAudits.FeeAuditsClient IRecruitRegistry.Audits => new(host.Channel);

    RecruitRegistry.Contracts.FeeAudits.V1.Grievances.GrievancesClient IRecruitRegistry.Grievances => new(host.Channel);

    public string ConnectionString => host.Databases[LicensingService.Name];

    public EventLog Events => host.Events;

    public IBus Bus => host.Bus;

    public IServiceProvider Services => host.Services;

    /// <summary>A Licensing instance on a fresh database, or a further instance on an existing one.</summary>
    public static async Task<LicensingApp> StartAsync(Servers servers, string? existingDatabase = null) =>
        new(await ServiceTestHost.StartAsync(servers, [LicensingService.Module], new TestHostOptions
        {
            SigningKey = SigningKey,
            Databases = existingDatabase is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [LicensingService.Name] = existingDatabase },
            Settings = new Dictionary<string, string?> { ["Licensing:SweepInterval"] = "1.00:00:00" },
            Consumers =
            [
                bus =>
                {
                    bus.AddConsumer<Capture<CorridorChanged>>().Endpoint(e => e.Name = "test.corridor-changed");
                    bus.AddConsumer<Capture<AgencyChanged>>().Endpoint(e => e.Name = "test.agency-changed");
                    bus.AddConsumer<Capture<LicenceChanged>>().Endpoint(e => e.Name = "test.licence-changed");
                },
            ],
        }));

    /// <summary>Call options carrying a token for the given caller.</summary>
    public static CallOptions As(string role, string? country = null, Guid? agencyId = null, string? key = null, TimeSpan? lifetime = null) =>
        new(new Metadata { { "authorization", "Bearer " + TokenFactory.Create(new AuthOptions { SigningKey = key ?? SigningKey }, role, country, agencyId, lifetime: lifetime) } });

    public static CallOptions Authority(string country) => As(Roles.Authority, country);

    public static CallOptions Auditor(string country) => As(Roles.Auditor, country);

    public static CallOptions Agency(Guid id) => As(Roles.Agency, agencyId: id);

    CallOptions IRecruitRegistry.Authority(string country) => Authority(country);

    CallOptions IRecruitRegistry.Auditor(string country) => Auditor(country);

    CallOptions IRecruitRegistry.Agency(string agencyId) => Agency(Guid.Parse(agencyId));

    /// <summary>Licensing owns what the scenario writes; no replica to wait for.</summary>
    Task IRecruitRegistry.CaughtUpAsync(string origin, string destination) => Task.CompletedTask;

    public static CallOptions OtherKey() => As(Roles.Authority, "NP", key: Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    /// <summary>Validly signed tokens whose claims do not read as a caller (<see cref="MalformedTokens"/>).</summary>
    public static IReadOnlyDictionary<string, CallOptions> Malformed(Guid ownAgency) => MalformedTokens.Callers(SigningKey, ownAgency);

    public static CallOptions Expired() => As(Roles.Authority, "NP", lifetime: TimeSpan.FromMinutes(-10));

    public static readonly CallOptions Anonymous = new();

    public ValueTask DisposeAsync() => host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<Servers>
{
    public const string Name = "real servers";
}
