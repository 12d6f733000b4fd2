namespace RecruitRegistry.IntegrationEvents.FeeAudits;

/// <summary>Where a confirmed fee violation stands: Licensing counts the confirmed ones.</summary>
public enum FeeViolationStatus { Confirmed, OverturnedOnAppeal, RefundOverdue }

/// <summary>
/// The state of a confirmed fee violation (one case), published on confirmation, on an overturn and when
/// its refund falls overdue.
/// </summary>
public sealed record FeeViolationChanged
{
    public required Guid CaseId { get; init; }
    public required long Version { get; init; }
    public required FeeViolationStatus Status { get; init; }
    public required Guid AgencyId { get; init; }
    public required Guid ContractId { get; init; }
    public required string OriginCountry { get; init; }
    public required string DestinationCountry { get; init; }
    public required EventMoney Excess { get; init; }
    public required DateTimeOffset ConfirmedAt { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
