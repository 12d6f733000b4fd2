namespace RecruitRegistry.IntegrationEvents.WorkerContracts;

/// <summary>
/// A worker, proven by the contract's reference and verification code, filed a grievance (also after the contract
/// ended and the worker went home). FeeAudits records it under the same id for both authorities of the corridor. It
/// carries what FeeAudits needs of the contract, so that the grievance never waits for a replica; never the worker's
/// name, passport or code.
/// </summary>
public sealed record GrievanceFiled
{
    public required Guid GrievanceId { get; init; }
    public required Guid ContractId { get; init; }
    public required Guid AgencyId { get; init; }
    public required string OriginCountry { get; init; }
    public required string DestinationCountry { get; init; }
    public required string Sector { get; init; }
    public required string WorkerSex { get; init; }
    /// <summary>The kind's code: DOCUMENTS_RETAINED, WAGES_WITHHELD, … (the proto names without prefix).</summary>
    public required string Kind { get; init; }
    /// <summary>The worker's own words.</summary>
    public required string Account { get; init; }
    public DateOnly? OccurredOn { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
