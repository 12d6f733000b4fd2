namespace RecruitRegistry.IntegrationEvents.WorkerContracts;

/// <summary>
/// A worker, proven by the contract's reference and verification code, appealed the dismissal or the unfounded
/// resolution of a grievance. FeeAudits records the appeal if it was made in time (<see cref="OccurredAt"/> by the
/// appeal deadline), not the day the message arrives.
/// </summary>
public sealed record GrievanceAppealed
{
    public required Guid GrievanceId { get; init; }
    public required Guid ContractId { get; init; }
    /// <summary>The worker's own words.</summary>
    public required string Grounds { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
