namespace RecruitRegistry.IntegrationEvents.FeeAudits;

/// <summary>What a founded grievance ordered: REFUND, COMPENSATION, … with its amount (none for a document), due day and state.</summary>
public sealed record GrievanceOutcomeSnapshot(string Kind, EventMoney? Amount, DateOnly DueOn, string State);

/// <summary>
/// The state of a grievance, published on every step, for the worker's view in WorkerContracts and for the other
/// services that count grievances. No account, no actor names and no reasons: those stay in FeeAudits.
/// </summary>
public sealed record GrievanceChanged
{
    public required Guid GrievanceId { get; init; }
    public required long Version { get; init; }
    public required Guid ContractId { get; init; }
    public required Guid AgencyId { get; init; }
    public required string OriginCountry { get; init; }
    public required string DestinationCountry { get; init; }
    /// <summary>The kind's code: DOCUMENTS_RETAINED, WAGES_WITHHELD, … (the proto names without prefix).</summary>
    public required string Kind { get; init; }
    /// <summary>RECEIVED, UNDER_REVIEW, REFERRED, RESOLVED, DISMISSED or APPEALED.</summary>
    public required string State { get; init; }
    /// <summary>WORKER or AUTHORITY.</summary>
    public required string FiledBy { get; init; }
    /// <summary>LABOUR_COURT, POLICE or OTHER_AUTHORITY once referred.</summary>
    public string? ReferredTo { get; init; }
    /// <summary>Resolved as founded against the agency or the employer.</summary>
    public required bool Founded { get; init; }
    /// <summary>Ordered on resolution; their states change later (fulfilled, overdue).</summary>
    public IReadOnlyList<GrievanceOutcomeSnapshot> Outcomes { get; init; } = [];
    /// <summary>The last day the resolution or dismissal may be appealed; null before one and after an overturn.</summary>
    public DateOnly? AppealDeadline { get; init; }
    /// <summary>True once appealed (at most once).</summary>
    public bool Appealed { get; init; }
    public required DateTimeOffset FiledAt { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
