using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Net.Client;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RecruitRegistry.IntegrationEvents.Licensing;
using RecruitRegistry.Platform.Hosting;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Testing;
using Api = RecruitRegistry.Contracts.Licensing.V1;

namespace RecruitRegistry.Licensing.Tests;

/// <summary>
/// The Licensing service composed as its host composes it, on its own PostgreSQL database and RabbitMQ virtual
/// host, called through a real gRPC client; a capture consumer on the same bus records every event it publishes.
/// </summary>
public sealed class LicensingApp : IAsyncDisposable
{
    private static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly WebApplication app;
    private readonly GrpcChannel channel;

    private readonly RabbitMqServer rabbitMq;
    private readonly string virtualHost;

    private LicensingApp(WebApplication app, string connectionString, RabbitMqServer rabbitMq, string virtualHost)
    {
        this.app = app;
        this.rabbitMq = rabbitMq;
        this.virtualHost = virtualHost;
        ConnectionString = connectionString;
        channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = app.GetTestServer().CreateHandler() });
        Client = new Api.Licensing.LicensingClient(channel);
    }

    public Api.Licensing.LicensingClient Client { get; }

    public string ConnectionString { get; }

    public EventLog Events => app.Services.GetRequiredService<EventLog>();

    public IBus Bus => app.Services.GetRequiredService<IBus>();

    public IServiceProvider Services => app.Services;

    /// <summary>A Licensing instance on a fresh database, or a further instance on an existing one.</summary>
    public static async Task<LicensingApp> StartAsync(Servers servers, string? existingDatabase = null)
    {
        var database = existingDatabase ?? await servers.Postgres.CreateDatabaseAsync("licensing");
        var vhost = await servers.RabbitMq.CreateVirtualHostAsync();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = SigningKey,
            ["Platform:Transport"] = "RabbitMq",
            ["Platform:RabbitMq:Host"] = servers.RabbitMq.Host,
            ["Platform:RabbitMq:Port"] = servers.RabbitMq.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Platform:RabbitMq:VirtualHost"] = vhost,
            ["Platform:RetryLimit"] = "2",
            ["Platform:RateLimit:Enabled"] = "false", // every test client shares one address
            ["Licensing:Database:Provider"] = "Postgres",
            ["Licensing:Database:ConnectionString"] = database,
            ["Licensing:SweepInterval"] = "1.00:00:00",
        });
        builder.Services.AddSingleton<EventLog>();
        ServiceModule[] modules = [LicensingService.Module];
        builder.AddServices(modules, bus =>
        {
            bus.AddConsumer<Capture<CorridorChanged>>().Endpoint(e => e.Name = "test.corridor-changed");
            bus.AddConsumer<Capture<AgencyChanged>>().Endpoint(e => e.Name = "test.agency-changed");
            bus.AddConsumer<Capture<LicenceChanged>>().Endpoint(e => e.Name = "test.licence-changed");
        });
        var app = builder.Build();
        app.MapServices(modules);
        await app.StartAsync();
        return new LicensingApp(app, database, servers.RabbitMq, vhost);
    }

    /// <summary>Call options carrying a token for the given caller.</summary>
    public static CallOptions As(string role, string? country = null, Guid? agencyId = null, string? key = null, TimeSpan? lifetime = null) =>
        new(new Metadata { { "authorization", "Bearer " + TokenFactory.Create(new AuthOptions { SigningKey = key ?? SigningKey }, role, country, agencyId, lifetime: lifetime) } });

    public static CallOptions Authority(string country) => As(Roles.Authority, country);

    public static CallOptions Auditor(string country) => As(Roles.Auditor, country);

    public static CallOptions Agency(Guid id) => As(Roles.Agency, agencyId: id);

    public static CallOptions OtherKey() => As(Roles.Authority, "NP", key: Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    /// <summary>Validly signed tokens whose claims do not read as a caller (<see cref="MalformedTokens"/>).</summary>
    public static IReadOnlyDictionary<string, CallOptions> Malformed(Guid ownAgency) => MalformedTokens.Callers(SigningKey, ownAgency);

    public static CallOptions Expired() => As(Roles.Authority, "NP", lifetime: TimeSpan.FromMinutes(-10));

    public static readonly CallOptions Anonymous = new();

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
