using MassTransit;
using Microsoft.Extensions.Options;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Messaging;
using RecruitRegistry.Platform.Tests.Infrastructure;
using RecruitRegistry.Testing;
using RecruitRegistry.Platform.TestHost.Probes;

namespace RecruitRegistry.Platform.Tests.Messaging;

/// <summary>The outbox, the relay and the inbox on real PostgreSQL and RabbitMQ, with the faults they exist for.</summary>
[Collection(ServersCollection.Name)]
public sealed class OutboxDeliveryTests(Servers servers)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private async Task<(string Source, string Replica, Dictionary<string, string?> Settings)> FreshAsync()
    {
        var source = await servers.Postgres.CreateDatabaseAsync("probe_src");
        var replica = await servers.Postgres.CreateDatabaseAsync("probe_rep");
        var vhost = await servers.RabbitMq.CreateVirtualHostAsync();
        return (source, replica, ProbeHosts.Merge(ProbeHosts.Postgres(source, replica), ProbeHosts.RabbitMq(servers.RabbitMq, vhost)));
    }

    [Fact]
    public async Task A_committed_change_is_published_exactly_once_and_a_rolled_back_change_never()
    {
        var (source, replica, settings) = await FreshAsync();
        await using var host = await ProbeHosts.StartAsync(ProbeRoles.Both, settings);
        var writer = host.Services.GetRequiredService<ProbeWriter>();

        var rolledBack = await writer.SetAsync(Guid.NewGuid(), "never", rollback: true);
        var committed = new List<ProbeChanged>();
        for (var i = 0; i < 25; i++)
        {
            committed.Add(await writer.SetAsync(Guid.NewGuid(), $"committed-{i}"));
        }

        var replicaStore = ProbeStore.Postgres(replica);
        await Eventually.Until(replicaStore.ApplicationsAsync, a => a.Applied == 25, Deadline, "25 applied events");

        var sourceStore = ProbeStore.Postgres(source);
        Assert.Equal(25, await sourceStore.ScalarAsync("SELECT COUNT(*) FROM outbox"));
        Assert.Equal(25, await sourceStore.ScalarAsync("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL AND attempts = 1"));
        Assert.Equal(0, await sourceStore.ScalarAsync("SELECT COUNT(*) FROM probe WHERE id = @Id", new { Id = rolledBack.ProbeId }));
        Assert.Equal(0, await replicaStore.ScalarAsync("SELECT COUNT(*) FROM probe_replica WHERE id = @Id", new { Id = rolledBack.ProbeId }));
        Assert.Equal((25, 0), await replicaStore.ApplicationsAsync());

        var receipts = host.Services.GetRequiredService<ProbeReceipts>();
        Assert.Equal(25, receipts.Received.Count);
        Assert.All(receipts.Received.Values, n => Assert.Equal(1, n));
        Assert.Equal(await sourceStore.ProbesAsync("probe"), await replicaStore.ProbesAsync("probe_replica"));
    }

    [Fact]
    public async Task A_relay_killed_between_publish_and_mark_sent_delivers_again_and_the_consumer_applies_once()
    {
        var (source, replica, settings) = await FreshAsync();
        var sourceStore = ProbeStore.Postgres(source);

        // Create the schema first, then make every mark-sent hang: the relay will have published (the broker confirmed)
        // but cannot record it, which is the moment a crash is most expensive.
        await MigrateSourceAsync(settings);
        await sourceStore.ExecuteAsync("""
            CREATE FUNCTION hold_mark_sent() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN PERFORM pg_sleep(120); RETURN NEW; END';
            CREATE TRIGGER hold_mark_sent BEFORE UPDATE ON outbox FOR EACH ROW
              WHEN (OLD.sent_at IS NULL AND NEW.sent_at IS NOT NULL) EXECUTE FUNCTION hold_mark_sent();
            """);

        await using var consumer = await ProbeHosts.StartAsync(ProbeRoles.Replica, settings);
        var receipts = consumer.Services.GetRequiredService<ProbeReceipts>();

        // The relay runs in a child process that writes one change and is then killed with SIGKILL.
        await using (var relay = await ChildProcess.StartAsync(
            ChildProcess.TestHostDll, ProbeHosts.Arguments(settings).Append("--roles=Source").Append("--produce=1").Append("--probes=1")))
        {
            await Eventually.Until(() => Task.FromResult(receipts.Total), n => n == 1, Deadline, "the first delivery");
            Assert.Equal(0, await sourceStore.ScalarAsync("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL"));
            await relay.KillAsync();
        }

        // The killed process's session dies with it; its transaction (the mark-sent) rolls back.
        await servers.Postgres.TerminateSessionsAsync(source);
        await sourceStore.ExecuteAsync("DROP TRIGGER hold_mark_sent ON outbox");
        Assert.Equal(1, await sourceStore.ScalarAsync("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL"));

        await using (var restarted = await ChildProcess.StartAsync(ChildProcess.TestHostDll, ProbeHosts.Arguments(settings).Append("--roles=Source")))
        {
            await Eventually.Until(() => Task.FromResult(receipts.Total), n => n == 2, Deadline, "the redelivery");
            await Eventually.Until(() => sourceStore.ScalarAsync("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL"), n => n == 1, Deadline, "the row marked sent");
        }

        var replicaStore = ProbeStore.Postgres(replica);
        Assert.Equal((1, 0), await replicaStore.ApplicationsAsync());
        Assert.Single(receipts.Received);
        Assert.Equal(await sourceStore.ProbesAsync("probe"), await replicaStore.ProbesAsync("probe_replica"));
    }

    [Fact]
    public async Task Events_written_while_RabbitMQ_is_stopped_all_arrive_after_it_restarts_and_none_is_applied_twice()
    {
        var (source, replica, settings) = await FreshAsync();
        await using var host = await ProbeHosts.StartAsync(ProbeRoles.Both, settings);
        var writer = host.Services.GetRequiredService<ProbeWriter>();
        var ids = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToArray();

        const int Total = 300;
        var stopped = false;
        try
        {
            for (var i = 0; i < Total; i++)
            {
                if (i == 100)
                {
                    await servers.RabbitMq.StopAsync();
                    stopped = true;
                }

                if (i == 200)
                {
                    await servers.RabbitMq.StartAsync();
                    stopped = false;
                }

                await writer.SetAsync(ids[i % ids.Length], $"value-{i}");
                await Task.Delay(i is >= 100 and < 200 ? 60 : 5); // the broker stays down for several seconds of writes
            }
        }
        finally
        {
            if (stopped)
            {
                await servers.RabbitMq.StartAsync();
            }
        }

        var replicaStore = ProbeStore.Postgres(replica);
        await Eventually.Until(replicaStore.ApplicationsAsync, a => a.Applied == Total, TimeSpan.FromMinutes(3), $"{Total} applied events");
        Assert.Equal((Total, 0), await replicaStore.ApplicationsAsync());

        var sourceStore = ProbeStore.Postgres(source);
        Assert.Equal(Total, await sourceStore.ScalarAsync("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL"));
        Assert.Equal(await sourceStore.ProbesAsync("probe"), await replicaStore.ProbesAsync("probe_replica"));
    }

    /// <summary>
    /// A consumer whose database is away far longer than its quick retries (three here, about 1 s) keeps its messages and
    /// applies them when the database is back: none goes to the _error queue for an outage (PlatformOptions
    /// .DatabaseOutageRetryLimit). A PostgreSQL restart under load kept the databases away for 15 s in the fault suite.
    /// </summary>
    [Fact]
    public async Task Events_arriving_while_the_consumers_database_is_away_wait_for_it_and_none_goes_to_the_error_queue()
    {
        var (_, replica, settings) = await FreshAsync();
        await using var host = await ProbeHosts.StartAsync(ProbeRoles.Both, settings);
        var writer = host.Services.GetRequiredService<ProbeWriter>();
        var replicaStore = ProbeStore.Postgres(replica);
        await writer.SetAsync(Guid.NewGuid(), "before");
        await Eventually.Until(replicaStore.ApplicationsAsync, a => a.Applied == 1, Deadline, "the first event applied");

        await servers.Postgres.RefuseConnectionsAsync(replica, refuse: true);
        try
        {
            for (var i = 0; i < 10; i++)
            {
                await writer.SetAsync(Guid.NewGuid(), $"while-away-{i}");
            }

            await Task.Delay(TimeSpan.FromSeconds(8)); // every quick retry spent several times over
            var queues = await servers.RabbitMq.QueueDepthsAsync(settings["Platform:RabbitMq:VirtualHost"]!);
            Assert.All(queues.Where(q => q.Key.EndsWith("_error", StringComparison.Ordinal)), q => Assert.Equal(0, q.Value));
        }
        finally
        {
            await servers.Postgres.RefuseConnectionsAsync(replica, refuse: false);
        }

        await Eventually.Until(replicaStore.ApplicationsAsync, a => a.Applied == 11, TimeSpan.FromSeconds(60), "the ten events applied after the outage");
        Assert.Equal((11, 0), await replicaStore.ApplicationsAsync());
        var after = await servers.RabbitMq.QueueDepthsAsync(settings["Platform:RabbitMq:VirtualHost"]!);
        Assert.All(after.Where(q => q.Key.EndsWith("_error", StringComparison.Ordinal)), q => Assert.Equal(0, q.Value));
    }

    /// <summary>
    /// A message that fails past its retries lands in its _error queue, and the metric recruit.messages.error_queue shows it
    /// there, named by queue, within one count interval; the next message is applied as usual.
    /// </summary>
    [Fact]
    public async Task A_message_that_fails_for_good_shows_in_the_error_queue_metric()
    {
        var (_, replica, settings) = await FreshAsync();
        await using var host = await ProbeHosts.StartAsync(ProbeRoles.Both, settings);
        using var metric = new MetricReader("recruit.messages.error_queue");
        var writer = host.Services.GetRequiredService<ProbeWriter>();
        await Eventually.Until(() => Task.FromResult(metric.Read()), d => d.Count > 0 && d.Values.All(v => v == 0), Deadline, "every _error queue at zero");

        await writer.SetAsync(Guid.NewGuid(), ProbeChanged.Poison);
        await writer.SetAsync(Guid.NewGuid(), "after");
        await Eventually.Until(ProbeStore.Postgres(replica).ApplicationsAsync, a => a.Applied == 1, Deadline, "the next event applied");
        var depths = await Eventually.Until(() => Task.FromResult(metric.Read()), d => d.Values.Sum() == 1, Deadline, "the poison message counted");
        Assert.Equal(1, Assert.Single(depths, d => d.Value > 0).Value);
        Assert.EndsWith("probe-replica_error", Assert.Single(depths, d => d.Value > 0).Key, StringComparison.Ordinal);
    }

    /// <summary>
    /// One instrument of the process's meters, per value of one tag: an observable gauge's latest value, a counter's sum
    /// since the reader started.
    /// </summary>
    private sealed class MetricReader : IDisposable
    {
        private readonly System.Diagnostics.Metrics.MeterListener listener = new();
        private readonly Dictionary<string, double> values = [];

        public MetricReader(string instrument, string tag = "queue")
        {
            listener.InstrumentPublished = (i, l) =>
            {
                if (i.Name == instrument)
                {
                    l.EnableMeasurementEvents(i);
                }
            };
            listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Record(i, value, tags, tag));
            listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Record(i, value, tags, tag));
            listener.Start();
        }

        public Dictionary<string, double> Read()
        {
            lock (values)
            {
                listener.RecordObservableInstruments();
                return new Dictionary<string, double>(values);
            }
        }

        public void Dispose() => listener.Dispose();

        private void Record(
            System.Diagnostics.Metrics.Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, string tag)
        {
            foreach (var t in tags)
            {
                if (t.Key == tag)
                {
                    lock (values)
                    {
                        var key = (string)t.Value!;
                        values[key] = instrument.IsObservable ? value : values.GetValueOrDefault(key) + value;
                    }
                }
            }
        }
    }

    /// <summary>
    /// After a broker outage the consumers come back on MassTransit's own schedule: 3, 6, 12, 24, then 30 s (±25%, and
    /// 1 s more each time) between attempts. The broker here is back about 28.5 s after the drop (0.7 s to stop, 25 s
    /// down, 3 s to start), so the next attempt comes at most about 39 s later; the event written then is applied by then.
    /// </summary>
    [Fact]
    public async Task After_a_broker_outage_consumers_come_back_on_MassTransits_schedule()
    {
        var (_, replica, settings) = await FreshAsync();
        await using var host = await ProbeHosts.StartAsync(ProbeRoles.Both, settings);
        var writer = host.Services.GetRequiredService<ProbeWriter>();
        var replicaStore = ProbeStore.Postgres(replica);
        await writer.SetAsync(Guid.NewGuid(), "before");
        await Eventually.Until(replicaStore.ApplicationsAsync, a => a.Applied == 1, TimeSpan.FromSeconds(30), "the event before the outage");

        await servers.RabbitMq.StopAsync();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(25));
        }
        finally
        {
            await servers.RabbitMq.StartAsync();
        }

        var back = System.Diagnostics.Stopwatch.StartNew();
        await writer.SetAsync(Guid.NewGuid(), "after");
        await Eventually.Until(replicaStore.ApplicationsAsync, a => a.Applied == 2, TimeSpan.FromSeconds(90), "the event after the outage");
        Assert.True(back.Elapsed < TimeSpan.FromSeconds(45), $"the event written once the broker was back took {back.Elapsed.TotalSeconds:F1} s to be applied");
        Assert.Equal((2, 0), await replicaStore.ApplicationsAsync());
    }

    /// <summary>
    /// A relay whose publish failed while the broker was away tries again as soon as a receive endpoint reports the
    /// broker back, not when its back-off ends. The back-off here is ten minutes; the endpoints reconnect on MassTransit's
    /// schedule (the broker is away a few seconds here, so within about 10 s), and the bound is 45 s after the broker
    /// has started again. Meanwhile the backlog metrics show the waiting row and its age, and once it is published the
    /// backlog is counted empty again and the publish counted once.
    /// </summary>
    [Fact]
    public async Task A_relay_backing_off_publishes_as_soon_as_the_broker_is_back()
    {
        using var backlog = new MetricReader("recruit.outbox.backlog", "database");
        using var oldestAge = new MetricReader("recruit.outbox.oldest_age", "database");
        using var published = new MetricReader("recruit.outbox.published", "database");
        var (source, replica, settings) = await FreshAsync();
        settings["Platform:Outbox:FirstBackoff"] = "00:10:00";
        settings["Platform:Outbox:MaxBackoff"] = "00:10:00";
        settings["Platform:Outbox:PublishTimeout"] = "00:00:01";
        await using var host = await ProbeHosts.StartAsync(ProbeRoles.Both, settings);
        var sourceStore = ProbeStore.Postgres(source);
        var replicaStore = ProbeStore.Postgres(replica);

        await servers.RabbitMq.StopAsync();
        try
        {
            await host.Services.GetRequiredService<ProbeWriter>().SetAsync(Guid.NewGuid(), "while the broker is away");
            await Eventually.Until(
                () => sourceStore.ScalarAsync("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND attempts > 0"),
                n => n == 1, TimeSpan.FromSeconds(30), "a failed publish, and the relay backing off for ten minutes");
            await Eventually.Until(
                () => Task.FromResult(backlog.Read()), b => b.GetValueOrDefault("probe-source") == 1, TimeSpan.FromSeconds(30), "the row counted as waiting");
            Assert.InRange(oldestAge.Read()["probe-source"], 0.001, 60);
        }
        finally
        {
            await servers.RabbitMq.StartAsync();
        }

        var back = System.Diagnostics.Stopwatch.StartNew();
        await Eventually.Until(replicaStore.ApplicationsAsync, a => a.Applied == 1, TimeSpan.FromSeconds(90), "the event after the broker's return");
        Assert.True(back.Elapsed < TimeSpan.FromSeconds(45), $"the event reached the replica {back.Elapsed.TotalSeconds:F1} s after the broker started");
        Assert.Equal(1, await sourceStore.ScalarAsync("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL"));
        Assert.Equal((1, 0), await replicaStore.ApplicationsAsync());
        Assert.Equal(1, published.Read().GetValueOrDefault("probe-source"));
        await Eventually.Until(
            () => Task.FromResult(backlog.Read()), b => b.GetValueOrDefault("probe-source", -1) == 0, TimeSpan.FromSeconds(30), "the backlog counted empty");
        Assert.Equal(0, oldestAge.Read()["probe-source"]);
    }

    /// <summary>
    /// A relay whose database was away publishes within seconds of its return, whatever its back-off (ten minutes here):
    /// while the database is away a round is only a connection attempt, so it is made at least every second. Before,
    /// a PostgreSQL restart of some 17 s left the relays sleeping out their 10 s back-off after it.
    /// </summary>
    [Fact]
    public async Task A_relay_backing_off_publishes_as_soon_as_its_database_is_back()
    {
        var (source, replica, settings) = await FreshAsync();
        settings["Platform:Outbox:FirstBackoff"] = "00:10:00";
        settings["Platform:Outbox:MaxBackoff"] = "00:10:00";
        settings["Platform:Outbox:PollInterval"] = "00:00:00.200";
        await using var host = await ProbeHosts.StartAsync(ProbeRoles.Both, settings);
        var replicaStore = ProbeStore.Postgres(replica);

        await servers.Postgres.RefuseConnectionsAsync(source, refuse: true);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(3)); // several polls, each failing: the relay is backing off
        }
        finally
        {
            await servers.Postgres.RefuseConnectionsAsync(source, refuse: false);
        }

        await host.Services.GetRequiredService<ProbeWriter>().SetAsync(Guid.NewGuid(), "after the database's return");
        await Eventually.Until(replicaStore.ApplicationsAsync, a => a.Applied == 1, TimeSpan.FromSeconds(60), "the event long before the ten-minute back-off ends");
        Assert.Equal(1, await ProbeStore.Postgres(source).ScalarAsync("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL"));
    }

    /// <summary>
    /// A host stopped while its relay waits for the broker to confirm a publish ends quietly: the wait is cut short, the
    /// relay stops without a failure, and the message stays unsent with no attempt counted against it, for the next start
    /// to publish. (Before, the cut-short wait surfaced as a failed batch, and the host logged its relay as crashed.)
    /// </summary>
    [Fact]
    public async Task A_host_stopped_while_a_publish_waits_for_the_broker_keeps_the_message_for_the_next_start()
    {
        var (source, replica, settings) = await FreshAsync();
        settings["Platform:Outbox:PublishTimeout"] = "00:01:00"; // the stop, not the timeout, ends the wait
        var sourceStore = ProbeStore.Postgres(source);
        var host = await ProbeHosts.StartAsync(ProbeRoles.Source, settings);
        var relay = host.Services.GetServices<IHostedService>().OfType<OutboxRelay<ProbeSourceDatabase>>().Single();
        await servers.RabbitMq.StopAsync();
        try
        {
            await host.Services.GetRequiredService<ProbeWriter>().SetAsync(Guid.NewGuid(), "waiting");
            await Task.Delay(TimeSpan.FromSeconds(2)); // the relay has claimed the row and waits for the broker

            await host.DisposeAsync();
            Assert.True(relay.ExecuteTask!.IsCompletedSuccessfully, $"the relay ended {relay.ExecuteTask.Status}: {relay.ExecuteTask.Exception}");
            Assert.Equal(1, await sourceStore.ScalarAsync("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND attempts = 0"));
        }
        finally
        {
            await servers.RabbitMq.StartAsync();
        }

        await using var restarted = await ProbeHosts.StartAsync(ProbeRoles.Both, settings);
        var replicaStore = ProbeStore.Postgres(replica);
        await Eventually.Until(replicaStore.ApplicationsAsync, a => a.Applied == 1, Deadline, "the message published after the restart");
        Assert.Equal(1, await sourceStore.ScalarAsync("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL"));
    }

    [Fact]
    public async Task Two_relays_on_one_database_never_publish_the_same_row()
    {
        var (source, replica, settings) = await FreshAsync();
        await using var first = await ProbeHosts.StartAsync(ProbeRoles.Both, settings);
        await using var second = await ProbeHosts.StartAsync(ProbeRoles.Source, settings);

        // Both hosts write; a commit in either wakes both relays (NOTIFY), so they compete for the same rows.
        const int PerHost = 400;
        await Task.WhenAll(WriteAsync(first, "a"), WriteAsync(second, "b"));

        var replicaStore = ProbeStore.Postgres(replica);
        await Eventually.Until(replicaStore.ApplicationsAsync, a => a.Applied == 2 * PerHost, Deadline, "every event applied");

        var receipts = first.Services.GetRequiredService<ProbeReceipts>();
        Assert.Equal(2 * PerHost, receipts.Received.Count);
        Assert.All(receipts.Received.Values, n => Assert.Equal(1, n));
        Assert.Equal(2, receipts.Publishers.Count); // both relays did publish

        var sourceStore = ProbeStore.Postgres(source);
        Assert.Equal(0, await sourceStore.ScalarAsync("SELECT COUNT(*) FROM outbox WHERE attempts <> 1 OR sent_at IS NULL"));
        Assert.Equal(await sourceStore.ProbesAsync("probe"), await replicaStore.ProbesAsync("probe_replica"));

        static async Task WriteAsync(ProbeHost host, string prefix)
        {
            var writer = host.Services.GetRequiredService<ProbeWriter>();
            var ids = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToArray();
            await Parallel.ForAsync(0, PerHost, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
                await writer.SetAsync(ids[i % ids.Length], $"{prefix}-{i}", cancellationToken: ct));
        }
    }

    [Fact]
    public async Task Events_delivered_duplicated_and_shuffled_leave_the_replica_equal_to_the_source()
    {
        var (_, replica, settings) = await FreshAsync();
        await using var host = await ProbeHosts.StartAsync(ProbeRoles.Replica, settings);
        var bus = host.Services.GetRequiredService<IBus>();

        // The source's history: 40 probes, 5 versions each; every event published twice, in random order, concurrently.
        var history = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid())
            .SelectMany(id => Enumerable.Range(1, 5).Select(v => (MessageId: Guid.NewGuid(), Event: new ProbeChanged { ProbeId = id, Version = v, Value = $"v{v}" })))
            .ToList();
        var deliveries = history.Concat(history).OrderBy(_ => Random.Shared.Next()).ToList();
        await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (d, ct) =>
            await bus.Publish(d.Event, c => c.MessageId = d.MessageId, ct));

        var receipts = host.Services.GetRequiredService<ProbeReceipts>();
        await Eventually.Until(() => Task.FromResult(receipts.Total), n => n == deliveries.Count, Deadline, "every delivery");

        var replicaStore = ProbeStore.Postgres(replica);
        Assert.Equal((history.Count, 0), await replicaStore.ApplicationsAsync());
        var expected = history.GroupBy(h => h.Event.ProbeId)
            .Select(g => g.MaxBy(h => h.Event.Version).Event)
            .Select(e => new ProbeRow { Id = e.ProbeId, Value = e.Value, Version = e.Version })
            .OrderBy(r => r.Id)
            .ToList();
        Assert.Equal(expected, await replicaStore.ProbesAsync("probe_replica"));
    }

    private static async Task MigrateSourceAsync(IDictionary<string, string?> settings)
    {
        var options = Options.Create(new ProbeOptions
        {
            Source = new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = settings["Probe:Source:ConnectionString"]! },
            Replica = new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = settings["Probe:Replica:ConnectionString"]! },
        });
        await using var database = new ProbeSourceDatabase(options, new OutboxMessageTypes().Add(typeof(ProbeChanged).Assembly), TimeProvider.System);
        await Migrator.MigrateAsync(database, CancellationToken.None);
    }
}
