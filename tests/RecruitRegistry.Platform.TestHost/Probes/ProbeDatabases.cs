using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Messaging;

namespace RecruitRegistry.Platform.TestHost.Probes;

/// <summary>Settings of the probe service: its source and its replica database; bound from "Probe".</summary>
public sealed class ProbeOptions
{
    public const string Section = "Probe";

    [Required]
    public DatabaseOptions Source { get; set; } = new();

    [Required]
    public DatabaseOptions Replica { get; set; } = new();

    /// <summary>How long the replica consumer takes per message, so tests can hold messages in flight.</summary>
    public TimeSpan ConsumeDelay { get; set; }
}

/// <summary>The database that owns probes and their outbox.</summary>
public sealed class ProbeSourceDatabase(IOptions<ProbeOptions> options, OutboxMessageTypes types, TimeProvider clock)
    : ServiceDatabase("probe-source", options.Value.Source, types, clock);

/// <summary>The database holding the replica built from ProbeChanged events.</summary>
public sealed class ProbeReplicaDatabase(IOptions<ProbeOptions> options, OutboxMessageTypes types, TimeProvider clock)
    : ServiceDatabase("probe-replica", options.Value.Replica, types, clock);
