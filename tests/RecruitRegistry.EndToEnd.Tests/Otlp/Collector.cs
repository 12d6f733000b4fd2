using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RecruitRegistry.Testing;

namespace RecruitRegistry.EndToEnd.Tests.Otlp;

/// <summary>A span as an OTLP exporter sent it: from which service, in which trace, under which parent.</summary>
public sealed record ExportedSpan(string Service, string Scope, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind);

/// <summary>
/// An OpenTelemetry collector for tests: OTLP/gRPC on a loopback port, keeping every span it receives. The services
/// export to it as to a real collector (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>).
/// </summary>
public sealed class Collector : IAsyncDisposable
{
    private readonly WebApplication app;

    private Collector(WebApplication app, string endpoint)
    {
        this.app = app;
        Endpoint = endpoint;
    }

    public string Endpoint { get; }

    public IReadOnlyList<ExportedSpan> Spans => [.. app.Services.GetRequiredService<Received>().Spans];

    public static async Task<Collector> StartAsync()
    {
        var port = LoopbackPort.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<Received>();
        var app = builder.Build();
        app.MapGrpcService<TraceReceiver>();
        await app.StartAsync();
        return new Collector(app, $"http://localhost:{port}");
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private sealed class Received
    {
        public ConcurrentQueue<ExportedSpan> Spans { get; } = new();
    }

    private sealed class TraceReceiver(Received received) : TraceService.TraceServiceBase
    {
        public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
        {
            foreach (var resource in request.ResourceSpans)
            {
                var service = resource.Resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value?.StringValue ?? "";
                foreach (var scope in resource.ScopeSpans)
                {
                    foreach (var span in scope.Spans)
                    {
                        received.Spans.Enqueue(new ExportedSpan(
                            service, scope.Scope?.Name ?? "", Hex(span.TraceId), Hex(span.SpanId), Hex(span.ParentSpanId), span.Name, span.Kind));
                    }
                }
            }

            return Task.FromResult(new ExportTraceServiceResponse());
        }

        private static string Hex(Google.Protobuf.ByteString bytes) => Convert.ToHexStringLower(bytes.Span);
    }
}
