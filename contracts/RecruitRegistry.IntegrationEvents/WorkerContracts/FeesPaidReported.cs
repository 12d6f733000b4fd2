namespace RecruitRegistry.IntegrationEvents.WorkerContracts;

/// <summary>
/// A worker, proven by the contract's reference and verification code, reported the fees actually paid (also after
/// the contract ended and the worker went home). FeeAudits audits them and opens a case.
/// </summary>
public sealed record FeesPaidReported
{
    public required Guid ReportId { get; init; }
    public required Guid ContractId { get; init; }
    public required Guid AgencyId { get; init; }
    public required string OriginCountry { get; init; }
    public required string DestinationCountry { get; init; }
    public required IReadOnlyList<ContractFee> FeesPaid { get; init; }
    /// <summary>The contract's sector and the worker's sex, for the grievance FeeAudits records (absent in older messages).</summary>
    public string? Sector { get; init; }
    public string? WorkerSex { get; init; }
    /// <summary>The worker's own words: when, to whom, how.</summary>
    public required string Account { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
