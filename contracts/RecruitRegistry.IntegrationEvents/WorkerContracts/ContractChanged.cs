namespace RecruitRegistry.IntegrationEvents.WorkerContracts;

/// <summary>What happened to a contract.</summary>
public enum ContractChange { Registered, Amended, Endorsed, Rejected, Terminated, Republished, OrientationRecorded }

/// <summary>One fee charged to the worker.</summary>
public sealed record ContractFee(string Category, EventMoney Amount, string Payee);

/// <summary>
/// What other services need of a contract: terms and fees, never the worker's name, passport hash or
/// verification-code hash (DESIGN.md, point 5).
/// </summary>
public sealed record ContractSnapshot
{
    public required Guid ContractId { get; init; }
    public required string Reference { get; init; }
    public required Guid AgencyId { get; init; }
    public required string OriginCountry { get; init; }
    public required string DestinationCountry { get; init; }
    public required string Sector { get; init; }
    public required string WorkerSex { get; init; }
    public required string Status { get; init; }
    public required DateOnly SignedOn { get; init; }
    public required DateOnly StartDate { get; init; }
    public required EventMoney MonthlyBasicWage { get; init; }
    public required int DurationMonths { get; init; }
    public required IReadOnlyList<ContractFee> Fees { get; init; }
    public required string TermsFingerprint { get; init; }
    public required int TermsVersion { get; init; }
    /// <summary>When the contract was registered (corridor reports count contracts by it).</summary>
    public required DateTimeOffset RegisteredAt { get; init; }

    // What corridor reports split by (docs/reports.md); absent in messages from before they were carried. The age at
    // signing stands in for the date of birth, which does not leave WorkerContracts.
    public int? WorkerAgeAtSigning { get; init; }
    /// <summary>The ISCO-08 unit group ("9111"), empty when the contract names none.</summary>
    public string? Isco08Code { get; init; }
    /// <summary>DECLARED or NONE_DECLARED, recorded with the worker's consent; null when not recorded.</summary>
    public string? WorkerDisability { get; init; }
    /// <summary>When the worker completed the pre-departure orientation linked to the contract; null when none is.</summary>
    public DateOnly? OrientedOn { get; init; }
}

/// <summary>Published by WorkerContracts whenever a contract or its terms change.</summary>
public sealed record ContractChanged
{
    public required Guid ContractId { get; init; }
    public required long Version { get; init; }
    public required ContractChange Change { get; init; }
    public required ContractSnapshot Contract { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
