namespace RecruitRegistry.Platform.TestHost.Probes;

/// <summary>The probe's state-carrying event: its whole state and version.</summary>
public sealed record ProbeChanged
{
    /// <summary>A value the replica consumer refuses every time: its message ends in the _error queue.</summary>
    public const string Poison = "poison";

    public required Guid ProbeId { get; init; }
    public required long Version { get; init; }
    public required string Value { get; init; }
}
