using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RecruitRegistry.Bench.Common;

/// <summary>A host under measurement, listening for HTTP/2 on a free loopback port.</summary>
public sealed class BenchHost : IAsyncDisposable
{
    private BenchHost(WebApplication app, string url)
    {
        App = app;
        Url = url;
    }

    public WebApplication App { get; }

    public string Url { get; }

    public static async Task<BenchHost> StartAsync(Action<WebApplicationBuilder> configure, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        var port = FreePort();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http2));
        configure(builder);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new BenchHost(app, $"http://127.0.0.1:{port}");
    }

    /// <summary>The bare baseline: a gRPC service that answers its 64-byte payload and has nothing else in its pipeline.</summary>
    public static Task<BenchHost> StartEchoAsync() =>
        StartAsync(builder => builder.Services.AddGrpc(), app => MapEcho(app));

    /// <summary>
    /// The echo service on any host: mapped beside a service's own, a call goes through that host's whole pipeline
    /// (authentication, authorization, interceptors, routing) and does nothing else.
    /// </summary>
    public static void MapEcho(WebApplication app) => app.MapGrpcService<EchoService>().AllowAnonymous();

    /// <summary>A free port below 32768: the ephemeral range can take a server port at any moment (shared/MACHINE.md).</summary>
    public static int FreePort()
    {
        while (true)
        {
            var port = Random.Shared.Next(20000, 32000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

/// <summary>The bare baseline service.</summary>
internal sealed class EchoService : Echo.EchoBase
{
    public override Task<EchoMessage> Echo(EchoMessage request, Grpc.Core.ServerCallContext context) => Task.FromResult(request);
}
