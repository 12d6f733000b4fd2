namespace RecruitRegistry.IntegrationEvents.Licensing;

/// <summary>What happened to a corridor; the snapshot is the whole truth, the change only a hint.</summary>
public enum CorridorChange { Proposed, Opened, Suspended, Closed, Amended, Republished }

/// <summary>The full state of a corridor, as other services replicate it.</summary>
public sealed record CorridorSnapshot
{
    public required Guid CorridorId { get; init; }
    public required string OriginCountry { get; init; }
    public required string DestinationCountry { get; init; }
    public required string State { get; init; }
    public required bool DestinationAccreditationRequired { get; init; }
    public required int MinimumWorkerAge { get; init; }
    public required IReadOnlyList<string> Sectors { get; init; }
    /// <summary>Months after a contract's end during which its worker may file a grievance (absent in older messages: 36).</summary>
    public int? GrievanceWindowMonths { get; init; }
    public string? GrievanceWindowLegalBasis { get; init; }
    /// <summary>"NONE", "BEFORE_REGISTRATION" or "BEFORE_ENDORSEMENT" (absent in older messages: NONE), and its legal basis.</summary>
    public string? OrientationRequired { get; init; }
    public string? OrientationLegalBasis { get; init; }
}

/// <summary>Published by Licensing whenever a corridor changes.</summary>
public sealed record CorridorChanged
{
    public required Guid CorridorId { get; init; }
    public required long Version { get; init; }
    public required CorridorChange Change { get; init; }
    public required CorridorSnapshot Corridor { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>When a corridor requires the worker's pre-departure orientation to be recorded (CorridorSnapshot.OrientationRequired).</summary>
public static class OrientationRequirements
{
    public const string None = "NONE";
    public const string BeforeRegistration = "BEFORE_REGISTRATION";
    public const string BeforeEndorsement = "BEFORE_ENDORSEMENT";
}
