using Microsoft.Extensions.Logging;

namespace RecruitRegistry.Platform;

/// <summary>The platform's log events: stable ids and names; never tokens, codes or personal data.</summary>
internal static partial class PlatformLog
{
    [LoggerMessage(1, LogLevel.Information, "Database {Database} migrated: {Applied} script(s) applied")]
    public static partial void Migrated(ILogger logger, string database, int applied);

    [LoggerMessage(10, LogLevel.Debug, "Outbox of {Database}: {Count} message(s) published and confirmed")]
    public static partial void OutboxPublished(ILogger logger, string database, int count);

    [LoggerMessage(11, LogLevel.Warning, "Outbox relay of {Database} failed ({Failures} in a row); retrying in {Delay}")]
    public static partial void OutboxRelayFailed(ILogger logger, Exception exception, string database, int failures, TimeSpan delay);

    [LoggerMessage(19, LogLevel.Information, "Outbox relay of {Database}: the broker is back; retrying now")]
    public static partial void OutboxBrokerBack(ILogger logger, string database);

    [LoggerMessage(12, LogLevel.Warning, "Outbox listener of {Database} lost its connection; listening again in {Delay}")]
    public static partial void OutboxListenFailed(ILogger logger, Exception exception, string database, TimeSpan delay);

    [LoggerMessage(18, LogLevel.Warning, "Outbox of {Database} could not notify relays in other processes; retrying in {Delay}")]
    public static partial void OutboxNotifyFailed(ILogger logger, Exception exception, string database, TimeSpan delay);

    [LoggerMessage(13, LogLevel.Information, "Outbox of {Database}: {Count} message(s) sent since the last clean shutdown are published again")]
    public static partial void OutboxReplaying(ILogger logger, string database, int count);

    [LoggerMessage(14, LogLevel.Information, "Outbox of {Database} shut down cleanly: every sent message was consumed")]
    public static partial void OutboxCleanShutdown(ILogger logger, string database);

    [LoggerMessage(15, LogLevel.Warning, "Outbox of {Database}: consumers did not drain before shutdown; the next start publishes the recent messages again")]
    public static partial void OutboxNotDrained(ILogger logger, string database);

    [LoggerMessage(16, LogLevel.Debug, "Pruned {Database}: {Outbox} sent outbox row(s), {Inbox} inbox row(s)")]
    public static partial void Pruned(ILogger logger, string database, int outbox, int inbox);

    [LoggerMessage(17, LogLevel.Warning, "Pruning {Database} failed; it is tried again later")]
    public static partial void PruneFailed(ILogger logger, Exception exception, string database);

    [LoggerMessage(23, LogLevel.Warning, "Counting the _error queues failed; tried again in {Interval}")]
    public static partial void ErrorQueuesUncounted(ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(22, LogLevel.Warning, "Counting the unsent outbox rows of {Database} failed; it is tried again later")]
    public static partial void OutboxCountFailed(ILogger logger, Exception exception, string database);

    [LoggerMessage(20, LogLevel.Error, "Unhandled error in {Method}; correlation id {CorrelationId}")]
    public static partial void UnhandledRpcError(ILogger logger, Exception exception, string method, string correlationId);

    [LoggerMessage(21, LogLevel.Warning, "{Method} answered UNAVAILABLE: the database is unavailable ({Reason})")]
    public static partial void DatabaseUnavailable(ILogger logger, string method, string reason);
}
