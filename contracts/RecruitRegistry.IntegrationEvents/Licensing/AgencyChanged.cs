namespace RecruitRegistry.IntegrationEvents.Licensing;

/// <summary>What happened to an agency.</summary>
public enum AgencyChange { Registered, Updated, Republished }

/// <summary>The state of an agency that other services need (no directors, no contacts).</summary>
public sealed record AgencySnapshot
{
    public required Guid AgencyId { get; init; }
    public required string LegalName { get; init; }
    public required string RegistrationNumber { get; init; }
    public required string Country { get; init; }
}

/// <summary>Published by Licensing whenever an agency changes.</summary>
public sealed record AgencyChanged
{
    public required Guid AgencyId { get; init; }
    public required long Version { get; init; }
    public required AgencyChange Change { get; init; }
    public required AgencySnapshot Agency { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
