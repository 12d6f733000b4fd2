using System.Globalization;
using System.Net;
using Grpc.Net.Client;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using RecruitRegistry.Platform.Hosting;

namespace RecruitRegistry.Testing;

/// <summary>What a test app adds to the services it composes.</summary>
public sealed record TestHostOptions
{
    /// <summary>The key the services check bearer tokens with (the test mints its tokens with it).</summary>
    public required string SigningKey { get; init; }

    /// <summary>Settings besides the databases, the bus and the signing key (e.g. a service's sweep interval).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>A database to use instead of a fresh one, by module name (a second instance on the same data).</summary>
    public IReadOnlyDictionary<string, string> Databases { get; init; } = new Dictionary<string, string>();

    /// <summary>Registrations before the services' own (e.g. a <see cref="TimeProvider"/> the test moves).</summary>
    public Action<WebApplicationBuilder>? Configure { get; init; }

    /// <summary>The test's own consumers on the services' bus (capture consumers).</summary>
    public IReadOnlyList<Action<IBusRegistrationConfigurator>> Consumers { get; init; } = [];
}

/// <summary>
/// Services composed in process as their hosts compose them (<see cref="ServiceModule"/>): each on a PostgreSQL database
/// of its own, every event through a fresh RabbitMQ virtual host, called through the test server. The one builder behind
/// every service test's app; the finished spans of the host's tracer are kept (<see cref="Trace"/>).
/// </summary>
public sealed class ServiceTestHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly RabbitMqServer rabbitMq;
    private readonly string virtualHost;
    private readonly SpanLog spans;

    private ServiceTestHost(WebApplication app, RabbitMqServer rabbitMq, string virtualHost, IReadOnlyDictionary<string, string> databases, SpanLog spans)
    {
        this.app = app;
        this.rabbitMq = rabbitMq;
        this.virtualHost = virtualHost;
        this.spans = spans;
        Databases = databases;
        Channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = app.GetTestServer().CreateHandler() });
    }

    /// <summary>The connection string of each module's database, by module name ("licensing").</summary>
    public IReadOnlyDictionary<string, string> Databases { get; }

    public GrpcChannel Channel { get; }

    public IServiceProvider Services => app.Services;

    public EventLog Events => app.Services.GetRequiredService<EventLog>();

    public IBus Bus => app.Services.GetRequiredService<IBus>();

    public static async Task<ServiceTestHost> StartAsync(Servers servers, IReadOnlyList<ServiceModule> modules, TestHostOptions options)
    {
        var databases = new Dictionary<string, string>();
        foreach (var module in modules)
        {
            databases[module.Name] = options.Databases.TryGetValue(module.Name, out var existing) ? existing : await servers.Postgres.CreateDatabaseAsync(module.Name);
        }

        var vhost = await servers.RabbitMq.CreateVirtualHostAsync();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        var settings = new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = options.SigningKey,
            ["Platform:Transport"] = "RabbitMq",
            ["Platform:RabbitMq:Host"] = servers.RabbitMq.Host,
            ["Platform:RabbitMq:Port"] = servers.RabbitMq.Port.ToString(CultureInfo.InvariantCulture),
            ["Platform:RabbitMq:VirtualHost"] = vhost,
            ["Platform:RetryLimit"] = "2",
            ["Platform:RateLimit:Enabled"] = "false", // every test client shares one address
        };
        foreach (var module in modules)
        {
            settings[$"{module.Section}:Database:Provider"] = "Postgres";
            settings[$"{module.Section}:Database:ConnectionString"] = databases[module.Name];
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration.AddInMemoryCollection(options.Settings);
        builder.Services.AddSingleton<EventLog>();
        var spans = new SpanLog();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
        options.Configure?.Invoke(builder);
        builder.AddServices(modules, [.. options.Consumers]);
        var app = builder.Build();
        app.MapServices(modules);
        await app.StartAsync();
        return new ServiceTestHost(app, servers.RabbitMq, vhost, databases, spans);
    }

    /// <summary>A channel whose calls come from the given client address (for the per-client limits).</summary>
    public GrpcChannel ChannelFrom(string address)
    {
        var handler = app.GetTestServer().CreateHandler(context => context.Connection.RemoteIpAddress = IPAddress.Parse(address));
        return GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler });
    }

    /// <summary>Plain HTTP/1.1, as the JSON endpoints are called.</summary>
    public HttpClient Http() => app.GetTestServer().CreateClient();

    /// <summary>The finished spans of one trace, as the host's tracer exported them.</summary>
    public IReadOnlyList<System.Diagnostics.Activity> Trace(System.Diagnostics.ActivityTraceId traceId) =>
        spans.Snapshot().Where(s => s.TraceId == traceId).ToList();

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await app.ShutDownAsync();
        await rabbitMq.DeleteVirtualHostAsync(virtualHost);
    }
}
