namespace RecruitRegistry.Platform.TestHost.Probes;

/// <summary>Changes a probe and writes its event to the outbox, in one transaction, the way service handlers do.</summary>
public sealed class ProbeWriter(ProbeSourceDatabase database)
{
    private const string Upsert = """
        INSERT INTO probe (id, value, version) VALUES (@Id, @Value, 1)
        ON CONFLICT (id) DO UPDATE SET value = excluded.value, version = probe.version + 1
        RETURNING version
        """;

    /// <summary>Sets a probe's value; with rollback the transaction is abandoned after the outbox write.</summary>
    public async Task<ProbeChanged> SetAsync(Guid id, string value, bool rollback = false, CancellationToken cancellationToken = default)
    {
        await using var work = await database.BeginAsync(cancellationToken);
        var version = await work.ExecuteScalarAsync<long>(Upsert, new { Id = id, Value = value });
        var changed = new ProbeChanged { ProbeId = id, Version = version, Value = value };
        work.Publish(changed);
        if (!rollback)
        {
            await work.CommitAsync();
        }

        return changed;
    }
}
