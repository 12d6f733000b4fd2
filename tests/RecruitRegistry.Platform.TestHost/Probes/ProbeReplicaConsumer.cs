using MassTransit;
using Microsoft.Extensions.Options;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Messaging;

namespace RecruitRegistry.Platform.TestHost.Probes;

/// <summary>Builds the probe replica: versioned upsert in the inbox transaction, plus a log row per application.</summary>
public sealed class ProbeReplicaConsumer(ProbeReplicaDatabase database, IOptions<ProbeOptions> options)
    : InboxConsumer<ProbeChanged, ProbeReplicaDatabase>(database)
{
    private const string LogApply = """
        INSERT INTO probe_apply_log (message_id, probe_id, version) VALUES (@MessageId, @ProbeId, @Version)
        """;

    private const string UpsertReplica = """
        INSERT INTO probe_replica (id, value, version) VALUES (@ProbeId, @Value, @Version)
        ON CONFLICT (id) DO UPDATE SET value = excluded.value, version = excluded.version
        WHERE probe_replica.version < excluded.version
        """;

    protected override string ConsumerName => "probe.replica";

    protected override async Task ApplyAsync(ConsumeContext<ProbeChanged> context, UnitOfWork work)
    {
        if (options.Value.ConsumeDelay > TimeSpan.Zero)
        {
            await Task.Delay(options.Value.ConsumeDelay, context.CancellationToken);
        }

        var message = context.Message;
        if (message.Value == ProbeChanged.Poison)
        {
            throw new InvalidOperationException("The probe replica refuses a poison value.");
        }

        await work.ExecuteAsync(LogApply, new { MessageId = context.MessageId, message.ProbeId, message.Version });
        await work.ExecuteAsync(UpsertReplica, message);
    }
}
