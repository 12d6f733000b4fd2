namespace RecruitRegistry.IntegrationEvents.WorkerContracts;

/// <summary>A registered term and the one the worker was handed abroad.</summary>
public sealed record TermDifference(string Field, string Registered, string Offered);

/// <summary>A worker showed that the contract handed over abroad differs from the registered one.</summary>
public sealed record SubstitutionReported
{
    public required Guid ReportId { get; init; }
    public required Guid ContractId { get; init; }
    public required Guid AgencyId { get; init; }
    public required string OriginCountry { get; init; }
    public required string DestinationCountry { get; init; }
    public required IReadOnlyList<TermDifference> Differences { get; init; }
    /// <summary>The contract's sector and the worker's sex, for the grievance FeeAudits records (absent in older messages).</summary>
    public string? Sector { get; init; }
    public string? WorkerSex { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
