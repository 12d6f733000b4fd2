using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RecruitRegistry.Platform.Messaging;

/// <summary>How the outbox relays behave; bound from "Platform:Outbox".</summary>
public sealed class OutboxOptions
{
    public const string Section = "Platform:Outbox";

    /// <summary>Rows claimed and published per round.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 256;

    /// <summary>The fallback poll when no commit signal or notification arrives.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A batch not confirmed by the broker within this time is retried. Confirms take milliseconds; what waits longer
    /// was started while the broker was away, and MassTransit does not resume it when the connection comes back, so
    /// this also bounds how long the relay lags behind a broker that has recovered (docs/reliability.md).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Back-off after the first failed round; it doubles with each failure in a row, up to <see cref="MaxBackoff"/>.
    /// A receive endpoint reporting the broker back ends the wait early (<see cref="BrokerReadiness"/>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan FirstBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest back-off between failed rounds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Sent outbox rows are deleted after this.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan SentRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Inbox rows are deleted after this. Keep it longer than any redelivery can take; replicas also refuse
    /// stale versions, so a very late duplicate of a state event still changes nothing.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often pruning runs.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// On start, re-publish rows sent since the last clean shutdown. On for the in-memory bus (a crash loses
    /// what was published but not yet consumed); off for RabbitMQ, which holds confirmed messages durably.
    /// Null: decided by the transport.
    /// </summary>
    public bool? ReplayUncleanOnStart { get; set; }

    /// <summary>On a clean shutdown, how long to wait for in-process consumers to drain before giving up the clean mark.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Checks <see cref="OutboxOptions"/> (generated at compile time; see SettingsValidation).</summary>
[OptionsValidator]
public sealed partial class OutboxOptionsValidator : IValidateOptions<OutboxOptions>;
