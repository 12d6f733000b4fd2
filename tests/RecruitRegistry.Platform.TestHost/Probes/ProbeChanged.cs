namespace RecruitRegistry.Platform.TestHost.Probes;

/// <summary>The probe's state-carrying event: its whole state and version.</summary>
public sealed record ProbeChanged
{
    public required Guid ProbeId { get; init; }
    public required long Version { get; init; }
    public required string Value { get; init; }
}
