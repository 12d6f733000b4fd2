using System.Diagnostics;
using Grpc.Core;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Testing;

namespace RecruitRegistry.WorkerContracts.Tests;

/// <summary>
/// One registration is one trace: the gRPC call a client started, its SQL, the outbox row that keeps the trace context,
/// the relay's publish, and a consumer of the event on the other side of RabbitMQ.
/// </summary>
public sealed class TracingTests(Servers servers) : ContractsTest(servers)
{
    [Fact]
    public async Task A_registration_is_one_trace_from_the_callers_span_through_its_SQL_and_the_outbox_to_the_consumer_of_its_event()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var traceId = ActivityTraceId.CreateRandom();
        var callersSpan = ActivitySpanId.CreateRandom();
        var call = ContractsApp.Agency(agency.Id);
        call.Headers!.Add("traceparent", $"00-{traceId}-{callersSpan}-01");

        var reply = await App.Contracts.RegisterContractAsync(CorridorScenario.Registration(agency), call);
        await App.Events.WaitAsync<ContractChanged>(e => e.Any(c => c.Contract.Reference == reply.Reference), "ContractChanged");

        var spans = await Eventually.Until(
            () => Task.FromResult(App.Trace(traceId)),
            t => t.Any(s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Consumer && s.DisplayName.Contains("test.contract-changed", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(15),
            "the consumer's span in the registration's trace");

        var server = Assert.Single(spans, s => s.Kind == ActivityKind.Server);
        Assert.Equal(callersSpan, server.ParentSpanId);
        Assert.Contains(spans, s => s.Source.Name == "Npgsql" && s.ParentSpanId == server.SpanId);
        var relay = Assert.Single(spans, s => s.Source.Name == "RecruitRegistry.Platform" && s.DisplayName.StartsWith("outbox relay ", StringComparison.Ordinal));
        Assert.Equal(server.SpanId, relay.ParentSpanId); // the outbox row kept the server span as its parent
        var send = Assert.Single(spans, s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Producer);
        Assert.Equal(relay.SpanId, send.ParentSpanId);
        Assert.Contains(spans, s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Consumer);
    }
}
