namespace RecruitRegistry.IntegrationEvents.Licensing;

/// <summary>The decision that changed a licence.</summary>
public enum LicenceChange
{
    Issued, Renewed, Amended, Suspended, Reinstated, Revoked, Expired, AppealUpheld, AppealOverturned, Republished,
}

/// <summary>The full state of a licence or accreditation, as other services replicate it.</summary>
public sealed record LicenceSnapshot
{
    public required Guid LicenceId { get; init; }
    public required Guid AgencyId { get; init; }
    public required string Kind { get; init; }
    public required string Number { get; init; }
    public required string IssuingCountry { get; init; }
    public required IReadOnlyList<string> DestinationCountries { get; init; }
    public required IReadOnlyList<string> Sectors { get; init; }
    public required DateOnly ValidFrom { get; init; }
    public required DateOnly ValidUntil { get; init; }
    public required string State { get; init; }
    public DateOnly? SuspendedSince { get; init; }
    public DateOnly? SuspendedUntil { get; init; }
}

/// <summary>Published by Licensing for every decision on a licence.</summary>
public sealed record LicenceChanged
{
    public required Guid LicenceId { get; init; }
    public required long Version { get; init; }
    public required LicenceChange Change { get; init; }
    public required LicenceSnapshot Licence { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
