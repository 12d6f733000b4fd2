using System.Data.Common;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Dapper;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Hosting;

namespace RecruitRegistry.Platform.Messaging;

/// <summary>
/// Publishes a service's outbox rows through MassTransit, in sequence order, each with the row's own
/// MessageId, and marks them sent only once the broker confirmed them. Woken at once after a local commit
/// (and, on PostgreSQL, by a coalesced NOTIFY that the relay of the committing process sends), with a slow poll
/// as fallback; backs off while the
/// broker or the database is down, tries again as soon as a receive endpoint reports the broker back
/// (<see cref="BrokerReadiness"/>), and at least every second while the database is away. Several relays may share one PostgreSQL database: rows are claimed with
/// FOR UPDATE SKIP LOCKED, so no row is published by two of them at once.
/// </summary>
public sealed class OutboxRelay<TDatabase> : BackgroundService
    where TDatabase : ServiceDatabase
{
    /// <summary>Commits within this window are announced to other processes with one notification.</summary>
    private static readonly TimeSpan NotifyWindow = TimeSpan.FromMilliseconds(20);

    /// <summary>How often the unsent rows are counted for the backlog metrics (a range of the partial index of unsent rows).</summary>
    private static readonly TimeSpan BacklogCountInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest back-off while the database is away: a round then is one connection attempt, and the relay should
    /// publish as soon as the database answers again, not up to <see cref="OutboxOptions.MaxBackoff"/> later.
    /// </summary>
    private static readonly TimeSpan DatabaseAwayBackoff = TimeSpan.FromSeconds(1);

    private readonly TDatabase database;
    private readonly IBus bus;
    private readonly BusActivityMonitor activity;
    private readonly BrokerReadiness broker;
    private readonly OutboxOptions options;
    private readonly ILogger logger;
    private readonly bool replay;

    public OutboxRelay(
        TDatabase database,
        IBus bus,
        BusActivityMonitor activity,
        BrokerReadiness broker,
        IOptions<OutboxOptions> options,
        IOptions<PlatformOptions> platform,
        ILogger<OutboxRelay<TDatabase>> logger)
    {
        this.database = database;
        this.bus = bus;
        this.activity = activity;
        this.broker = broker;
        this.options = options.Value;
        this.logger = logger;
        replay = this.options.ReplayUncleanOnStart ?? platform.Value.Transport == BusTransport.InMemory;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        if (replay)
        {
            var reset = await WithConnectionAsync(
                c => c.ExecuteAsync(new CommandDefinition(OutboxSql.ResetUncleanSent, cancellationToken: stoppingToken)), stoppingToken);
            if (reset > 0)
            {
                PlatformLog.OutboxReplaying(logger, database.Name, reset);
            }
        }

        // The backlog is counted on its own schedule: while the relay backs off is when it matters most.
        var background = database.Dialect.Provider == DatabaseProvider.Postgres
            ? Task.WhenAll(CountBacklogAsync(stoppingToken), ListenAsync(stoppingToken), NotifyOthersAsync(stoppingToken))
            : CountBacklogAsync(stoppingToken);
        var failures = 0;
        var awaitingBroker = false; // the last round failed and no endpoint has reported the broker back since
        var nextPrune = database.Clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            int claimed;
            var seen = broker.Generation;
            try
            {
                // If the broker may still be away, its return also ends the publishes of this round still waiting.
                claimed = await RelayBatchAsync(awaitingBroker ? broker.ReadyAfter(seen) : null, stoppingToken);
                failures = 0;
                awaitingBroker = false;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                failures++;
                var delay = DatabaseUnavailable.Is(ex) ? Min(Backoff(failures), DatabaseAwayBackoff) : Backoff(failures);
                PlatformLog.OutboxRelayFailed(logger, ex, database.Name, failures, delay);
                awaitingBroker = !await BackOffAsync(delay, broker.ReadyAfter(seen), stoppingToken);
                continue;
            }

            if (database.Clock.GetUtcNow() >= nextPrune)
            {
                await PruneAsync(stoppingToken);
                nextPrune = database.Clock.GetUtcNow() + options.PruneInterval;
            }

            if (claimed < options.BatchSize)
            {
                await database.OutboxSignal.WaitAsync(options.PollInterval, stoppingToken);
            }
        }

        await background;
    }

    /// <summary>
    /// Waits out a back-off, or less if the broker reports back meanwhile (or reported back during the failed attempt);
    /// true when the broker's return ended the wait.
    /// </summary>
    private async Task<bool> BackOffAsync(TimeSpan delay, Task brokerBack, CancellationToken stoppingToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var elapsed = Task.Delay(delay, database.Clock, wait.Token);
        var woken = await Task.WhenAny(elapsed, brokerBack) == brokerBack;
        await wait.CancelAsync();
        stoppingToken.ThrowIfCancellationRequested();
        if (woken)
        {
            PlatformLog.OutboxBrokerBack(logger, database.Name);
        }

        return woken;
    }

    /// <summary>
    /// Claims, publishes and marks one batch; returns how many rows it claimed. Publishes still unconfirmed when
    /// <paramref name="brokerBack"/> completes are given up like timed-out ones: MassTransit does not resume a publish
    /// started while the broker was away, and the next round publishes them again at once.
    /// </summary>
    private async Task<int> RelayBatchAsync(Task? brokerBack, CancellationToken stoppingToken)
    {
        await using var connection = await database.OpenConnectionAsync(stoppingToken);
        await using var transaction = database.Dialect.ClaimHoldsTransaction
            ? await connection.BeginTransactionAsync(stoppingToken)
            : null;

        var rows = (await connection.QueryAsync<OutboxRow>(new CommandDefinition(
            OutboxSql.ClaimUnsent + " " + database.Dialect.ClaimSuffix,
            new { options.BatchSize },
            transaction,
            cancellationToken: stoppingToken))).AsList();
        if (rows.Count == 0)
        {
            return 0;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(options.PublishTimeout);
        var publishing = Task.WhenAll(rows.Select(row => TryPublishAsync(row, timeout.Token)));
        if (brokerBack is not null && await Task.WhenAny(publishing, brokerBack) == brokerBack)
        {
            await timeout.CancelAsync();
        }

        var failures = await publishing;

        var confirmed = rows.Where((_, i) => failures[i] is null).Select(r => r.Sequence).ToList();
        var failed = rows.Where((_, i) => failures[i] is not null).Select(r => r.Sequence).ToList();

        // What the broker confirmed is marked even while stopping: leaving it unsent would only publish it again. A publish
        // cut short because the host is stopping is no failed attempt of the message: it stays unsent, as it was, and the
        // next start publishes it. The marks go in one round trip, on PostgreSQL with the COMMIT (and the dialect's prefix).
        var countFailed = failed.Count > 0 && !stoppingToken.IsCancellationRequested;
        if (confirmed.Count > 0 || countFailed)
        {
            var settle = new StringBuilder(database.Dialect.RelaySettlePrefix);
            if (confirmed.Count > 0)
            {
                settle.Append(OutboxSql.MarkSent(database.Dialect)).Append(";\n");
            }

            if (countFailed)
            {
                settle.Append(OutboxSql.CountFailedAttempt(database.Dialect)).Append(";\n");
            }

            if (transaction is not null)
            {
                settle.Append("COMMIT");
            }

            await connection.ExecuteAsync(new CommandDefinition(
                settle.ToString(), new { SentAt = database.Clock.GetUtcNow(), Sequences = confirmed, Failed = failed }, transaction));
        }
        else if (transaction is not null)
        {
            await transaction.CommitAsync(CancellationToken.None);
        }

        PlatformLog.OutboxPublished(logger, database.Name, confirmed.Count);
        Telemetry.OutboxPublished.Add(confirmed.Count, new KeyValuePair<string, object?>("database", database.Name));
        stoppingToken.ThrowIfCancellationRequested();
        if (failed.Count > 0)
        {
            throw new OutboxPublishException(database.Name, failed.Count, failures.First(f => f is not null)!);
        }

        return rows.Count;
    }

    private async Task<Exception?> TryPublishAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        // Published under the trace of the unit of work that wrote it: MassTransit's send, and every consumer, join it.
        using var span = Telemetry.StartUnder("outbox relay " + row.MessageType, ActivityKind.Producer, row.TraceParent, row.TraceState);
        try
        {
            var type = database.MessageTypes.TypeOf(row.MessageType);
            var message = JsonSerializer.Deserialize(row.Body, type, OutboxMessageTypes.JsonOptions)
                ?? throw new InvalidOperationException($"Outbox row {row.Sequence} holds an empty message.");
            await bus.Publish(message, type, context => context.MessageId = row.MessageId, cancellationToken);
            return null;
        }
        catch (Exception ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            return ex;
        }
    }

    /// <summary>PostgreSQL: relays in other processes learn of commits through NOTIFY.</summary>
    private Task ListenAsync(CancellationToken stoppingToken) => RepeatAsync(
        async ct =>
        {
            await using var connection = (NpgsqlConnection)await database.OpenSessionAsync(ct); // LISTEN ends with the session
            connection.Notification += (_, _) =>
            {
                database.OutboxSignal.Wake();
                database.RaiseChanged();
            };
            await connection.ExecuteAsync("LISTEN " + SqlDialect.OutboxChannel);

            // Whatever committed while nobody listened is read at once, and read models forget what they held.
            database.OutboxSignal.Wake();
            database.RaiseChanged();
            while (!ct.IsCancellationRequested)
            {
                await connection.WaitAsync(ct);
            }
        },
        (ex, delay) => PlatformLog.OutboxListenFailed(logger, ex, database.Name, delay),
        stoppingToken);

    /// <summary>
    /// PostgreSQL: tells relays in other processes that this process committed events, at most once per
    /// <see cref="NotifyWindow"/>, from its own connection, after the commit. On failure other relays still poll;
    /// this only delays them.
    /// </summary>
    private Task NotifyOthersAsync(CancellationToken stoppingToken) => RepeatAsync(
        async ct =>
        {
            await database.OutboxSignal.WaitForCommitAsync(ct);
            await WithConnectionAsync(c => c.ExecuteAsync(new CommandDefinition(database.Dialect.NotifyOutboxSql!, cancellationToken: ct)), ct);
            await Task.Delay(NotifyWindow, database.Clock, ct);
        },
        (ex, delay) => PlatformLog.OutboxNotifyFailed(logger, ex, database.Name, delay),
        stoppingToken);

    /// <summary>Runs a round again and again until stopping; a failed round is logged and retried after back-off.</summary>
    private async Task RepeatAsync(Func<CancellationToken, Task> round, Action<Exception, TimeSpan> failed, CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await round(stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                var delay = Backoff(failures);
                failed(ex, delay);
                try
                {
                    await Task.Delay(delay, database.Clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Counts the unsent rows and the age of the oldest for the backlog metrics, every <see cref="BacklogCountInterval"/>.</summary>
    private async Task CountBacklogAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RepeatAsync(
                async ct =>
                {
                    var backlog = await WithConnectionAsync(
                        c => c.QuerySingleAsync<OutboxBacklog>(new CommandDefinition(OutboxSql.Backlog, cancellationToken: ct)), ct);
                    var age = backlog.Oldest is { } oldest ? Math.Max(0, (database.Clock.GetUtcNow() - oldest).TotalSeconds) : 0;
                    Telemetry.OutboxBacklog[database.Name] = (backlog.Unsent, age);
                    await Task.Delay(BacklogCountInterval, database.Clock, ct);
                },
                (ex, _) => PlatformLog.OutboxCountFailed(logger, ex, database.Name),
                stoppingToken);
        }
        finally
        {
            Telemetry.OutboxBacklog.TryRemove(database.Name, out _); // a stopped relay no longer reports
        }
    }

    private async Task PruneAsync(CancellationToken stoppingToken)
    {
        try
        {
            var now = database.Clock.GetUtcNow();
            var sent = await WithConnectionAsync(c => c.ExecuteAsync(new CommandDefinition(
                OutboxSql.PruneSent,
                new { Cutoff = now - options.SentRetention, KeepAboveCleanMark = replay ? 1 : 0 },
                cancellationToken: stoppingToken)), stoppingToken);
            var inbox = await WithConnectionAsync(c => c.ExecuteAsync(new CommandDefinition(
                OutboxSql.PruneInbox, new { Cutoff = now - options.InboxRetention }, cancellationToken: stoppingToken)), stoppingToken);
            PlatformLog.Pruned(logger, database.Name, sent, inbox);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            PlatformLog.PruneFailed(logger, ex, database.Name);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!replay)
        {
            return;
        }

        // In-memory delivery: the rows sent so far count as delivered only once the consumers in this process
        // have drained them. Otherwise the mark stays where it was and the next start publishes them again.
        bool drained;
        try
        {
            drained = await activity.WaitForIdleAsync(options.DrainTimeout, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            drained = false; // the host's shutdown timeout ran out: not clean, the next start replays
        }

        if (drained)
        {
            await WithConnectionAsync(c => c.ExecuteAsync(OutboxSql.MarkClean), CancellationToken.None);
            PlatformLog.OutboxCleanShutdown(logger, database.Name);
        }
        else
        {
            PlatformLog.OutboxNotDrained(logger, database.Name);
        }
    }

    private async Task<T> WithConnectionAsync<T>(Func<DbConnection, Task<T>> action, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await action(connection);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private TimeSpan Backoff(int failures) => TimeSpan.FromMilliseconds(Math.Min(
        options.MaxBackoff.TotalMilliseconds, options.FirstBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 16))));
}

/// <summary>The unsent rows of an outbox and when the oldest of them was written.</summary>
internal sealed class OutboxBacklog
{
    public long Unsent { get; init; }

    public DateTimeOffset? Oldest { get; init; }
}

/// <summary>Some rows of a batch were not confirmed by the broker; they stay unsent and are retried.</summary>
public sealed class OutboxPublishException(string database, int failed, Exception inner)
    : Exception($"{failed} outbox message(s) of {database} were not confirmed by the broker.", inner);
