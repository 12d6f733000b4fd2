using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.EndToEnd.Tests.Otlp;
using RecruitRegistry.Testing;

namespace RecruitRegistry.EndToEnd.Tests;

/// <summary>
/// What an operator sees of the three service processes: one trace per request across all of them, exported by OTLP to
/// a collector; JSON log lines that carry the trace id; and health over plain HTTP.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ObservabilityTests(Servers servers) : IAsyncLifetime
{
    private Collector collector = null!;
    private DistributedSystem system = null!;

    public async Task InitializeAsync()
    {
        collector = await Collector.StartAsync();
        system = await DistributedSystem.StartAsync(
            servers,
            $"--OTEL_EXPORTER_OTLP_ENDPOINT={collector.Endpoint}",
            "--OTEL_BSP_SCHEDULE_DELAY=200", // export every 200 ms, not every 5 s
            "--Logging:Console:FormatterName=json",
            "--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Information"); // a "Request starting" line per call
    }

    public async Task DisposeAsync()
    {
        await system.DisposeAsync();
        await collector.DisposeAsync();
    }

    [Fact]
    public async Task An_agency_registered_in_Licensing_is_one_trace_through_the_consumers_of_its_event_in_the_other_two_processes()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var callersSpan = ActivitySpanId.CreateRandom().ToHexString();
        var call = system.Authority("NP");
        call.Headers!.Add("traceparent", $"00-{traceId}-{callersSpan}-01");

        await system.Licensing.RegisterAgencyAsync(new RegisterAgencyRequest
        {
            LegalName = "Everest Manpower Pvt. Ltd.", RegistrationNumber = "DoFE-" + Guid.NewGuid().ToString("N")[..8], Country = "NP",
            Address = "Kathmandu-4, Maharajgunj", Directors = { new Director { FullName = "Ram Thapa" } },
        }, call);

        var consumers = new[] { "RecruitRegistry.WorkerContracts.Host", "RecruitRegistry.FeeAudits.Host" };
        var trace = await Eventually.Until(
            () => Task.FromResult(collector.Spans.Where(s => s.TraceId == traceId).ToList()),
            spans => consumers.All(service => spans.Any(s => s.Service == service && s.Scope == "MassTransit" && s.Kind == 5)),
            TimeSpan.FromSeconds(30),
            "both consumers' spans in the registration's trace");

        var server = Assert.Single(trace, s => s.Kind == 2);
        Assert.Equal("RecruitRegistry.Licensing.Host", server.Service);
        Assert.Equal(callersSpan, server.ParentSpanId);
        Assert.Contains(trace, s => s.Service == server.Service && s.Scope == "Npgsql" && s.ParentSpanId == server.SpanId);
        var relay = Assert.Single(trace, s => s.Scope == "RecruitRegistry.Platform" && s.Name.StartsWith("outbox relay ", StringComparison.Ordinal));
        Assert.Equal(server.SpanId, relay.ParentSpanId);
        foreach (var service in consumers)
        {
            // Each consumer applies the event with SQL of its own, inside its consume span.
            var consume = trace.Where(s => s.Service == service && s.Scope == "MassTransit" && s.Kind == 5).Select(s => s.SpanId).ToHashSet();
            Assert.Contains(trace, s => s.Service == service && s.Scope == "Npgsql" && consume.Contains(s.ParentSpanId));
        }

        // The JSON log line of the call carries its trace id.
        Assert.Contains(
            system.LicensingProcess.Output.Split('\n').Where(line => line.StartsWith('{')),
            line => JsonDocument.Parse(line).RootElement.ToString().Contains($"\"TraceId\":\"{traceId}\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_process_answers_alive_and_ready_over_plain_HTTP_with_each_check_named()
    {
        using var http = new HttpClient();
        foreach (var process in system.Processes)
        {
            var alive = await http.GetAsync(new Uri($"http://127.0.0.1:{process.HttpPort}/healthz"));
            Assert.Equal(System.Net.HttpStatusCode.OK, alive.StatusCode);
            Assert.Equal("Healthy", (await alive.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

            var ready = await http.GetFromJsonAsync<JsonElement>(new Uri($"http://127.0.0.1:{process.HttpPort}/readyz"));
            Assert.Equal("Healthy", ready.GetProperty("status").GetString());
            var checks = ready.GetProperty("checks").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetString());
            Assert.Contains(checks, c => c.Key.EndsWith("-database", StringComparison.Ordinal) && c.Value == "Healthy");
            Assert.Contains(checks, c => c.Key.Contains("masstransit", StringComparison.OrdinalIgnoreCase) && c.Value == "Healthy");
        }
    }
}
