namespace RecruitRegistry.IntegrationEvents.FeeAudits;

/// <summary>Where a refund order stands.</summary>
public sealed record RefundSnapshot(Guid RefundId, EventMoney Amount, DateOnly DueOn, string State);

/// <summary>
/// The state of a fee case, published on every change: WorkerContracts keeps it so that a worker sees the case with the
/// contract's reference and verification code (which never leave WorkerContracts). No actor names and no reasons: the
/// decision history stays in FeeAudits.
/// </summary>
public sealed record CaseChanged
{
    public required Guid CaseId { get; init; }
    public required long Version { get; init; }
    public required Guid ContractId { get; init; }
    public required Guid AgencyId { get; init; }
    public required string OriginCountry { get; init; }
    public required string DestinationCountry { get; init; }
    /// <summary>How the case was opened: AUTOMATIC_AUDIT, AUDITOR, WORKER_REPORT or SUBSTITUTION_REPORT.</summary>
    public required string OpenedBy { get; init; }
    /// <summary>OPEN, UNDER_REVIEW, CONFIRMED, DISMISSED, APPEALED, APPEAL_UPHELD or APPEAL_OVERTURNED.</summary>
    public required string State { get; init; }
    public EventMoney? Excess { get; init; }
    public RefundSnapshot? Refund { get; init; }
    public required DateTimeOffset OpenedAt { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
