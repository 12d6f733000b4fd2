using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace RecruitRegistry.Platform.Hosting;

/// <summary>
/// Traces and metrics of a host (docs/observability.md). One trace follows a request from the gRPC call through its
/// SQL, the outbox row (which keeps the trace context), the relay's publish and every consumer in every service, and
/// their own events onward. Exported by OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (environment or any
/// configuration source), otherwise kept in process: log lines still carry the trace id.
/// </summary>
public static class Telemetry
{
    /// <summary>The prefix of every RecruitRegistry activity source and meter ("RecruitRegistry.FeeAudits").</summary>
    public const string Prefix = "RecruitRegistry";

    public static readonly ActivitySource Source = new(Prefix + ".Platform");

    public static readonly Meter Meter = new(Prefix + ".Platform");

    /// <summary>Messages a consumer had applied before (a redelivery or a republish), dropped by the inbox.</summary>
    public static readonly Counter<long> InboxDuplicates = Meter.CreateCounter<long>(
        "recruit.inbox.duplicates", "{message}", "Messages a consumer had already applied, dropped by its inbox");

    /// <summary>From the relay's publish to the consumer's applying it: how far a replica is behind its owner.</summary>
    public static readonly Histogram<double> ConsumeLag = Meter.CreateHistogram<double>(
        "recruit.consume.lag", "s", "Time from an event's publication to its consumer applying it");

    /// <summary>Refusals of the per-client rate limit (verification, anonymous reports).</summary>
    public static readonly Counter<long> RateLimitRefusals = Meter.CreateCounter<long>(
        "recruit.rate_limit.refusals", "{request}", "Requests refused by the per-client rate limit");

    /// <summary>Outbox rows the broker confirmed, per service database.</summary>
    public static readonly Counter<long> OutboxPublished = Meter.CreateCounter<long>(
        "recruit.outbox.published", "{message}", "Outbox rows published and confirmed by the broker, per service database");

    /// <summary>Unsent outbox rows per service database and the age of the oldest, as its relay last counted them.</summary>
    internal static readonly ConcurrentDictionary<string, (long Unsent, double OldestAgeSeconds)> OutboxBacklog = new();

    internal static readonly ObservableGauge<long> OutboxBacklogGauge = Meter.CreateObservableGauge(
        "recruit.outbox.backlog",
        () => OutboxBacklog.Select(b => new Measurement<long>(b.Value.Unsent, new KeyValuePair<string, object?>("database", b.Key))),
        "{message}",
        "Events committed and not yet published, per service database");

    internal static readonly ObservableGauge<double> OutboxOldestAgeGauge = Meter.CreateObservableGauge(
        "recruit.outbox.oldest_age",
        () => OutboxBacklog.Select(b => new Measurement<double>(b.Value.OldestAgeSeconds, new KeyValuePair<string, object?>("database", b.Key))),
        "s",
        "Age of the oldest event not yet published (0 when none waits), per service database");

    internal static IHostApplicationBuilder AddPlatformTelemetry(this IHostApplicationBuilder builder)
    {
        // The JSON console formatter (Logging:Console:FormatterName=json) writes the trace and span ids of each line.
        builder.Services.Configure<JsonConsoleFormatterOptions>(o => o.IncludeScopes = true);

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName))
            .WithTracing(tracing => tracing
                .AddSource(Prefix + ".*", "MassTransit", "Npgsql")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(Prefix + ".*", "MassTransit", "Npgsql")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>The W3C trace context of the current activity, as an outbox row keeps it; nulls outside any trace.</summary>
    internal static (string? TraceParent, string? TraceState) CurrentContext() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? (current.Id, current.TraceStateString) : (null, null);

    /// <summary>An activity under the trace context an outbox row kept (none when it kept none or nobody listens).</summary>
    internal static Activity? StartUnder(string name, ActivityKind kind, string? traceParent, string? traceState) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent)
            ? Source.StartActivity(name, kind, parent)
            : null;
}
