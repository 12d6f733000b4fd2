namespace RecruitRegistry.WorkerContracts.Model;

/// <summary>A contract as stored: its current state; the terms of each version are in <see cref="ContractVersionRow"/>.</summary>
internal sealed record ContractRow
{
    public Guid Id { get; init; }
    public string Reference { get; init; } = "";
    public Guid AgencyId { get; init; }
    public string OriginCountry { get; init; } = "";
    public string DestinationCountry { get; init; } = "";
    public string Status { get; init; } = "";
    public string EndorsementState { get; init; } = "";
    public string Sector { get; init; } = "";
    public string WorkerFullName { get; init; } = "";
    public string WorkerSex { get; init; } = "";
    public DateOnly WorkerDateOfBirth { get; init; }
    public string WorkerNationality { get; init; } = "";
    public string WorkerLanguage { get; init; } = "";
    public string PassportHash { get; init; } = "";
    public string CodeHash { get; init; } = "";
    public DateOnly SignedOn { get; init; }
    public DateOnly StartDate { get; init; }
    public int TermsVersion { get; init; }
    public string TermsFingerprint { get; init; } = "";
    public string? Endorsement { get; init; }
    public string? TerminationKind { get; init; }
    public DateOnly? EndedOn { get; init; }
    public string? Termination { get; init; }
    /// <summary>The linked pre-departure orientation: a copy of its row as JSON (<see cref="Orientations.OrientationRow"/>).</summary>
    public string? Orientation { get; init; }
    /// <summary>DECLARED or NONE_DECLARED when the worker consented to it being recorded; null otherwise.</summary>
    public string? WorkerDisability { get; init; }
    public string RegisteredBy { get; init; } = "";
    public DateTimeOffset RegisteredAt { get; init; }
    public long Version { get; init; }

    public bool HasParty(string? country) => country == OriginCountry || country == DestinationCountry;

    public bool IsTerminated => TerminationKind is not null;
}

/// <summary>One version of a contract's terms and fees (never updated).</summary>
internal sealed record ContractVersionRow
{
    public Guid ContractId { get; init; }
    public int TermsVersion { get; init; }
    public long ContractVersion { get; init; }
    public string Terms { get; init; } = "";
    public string TermsFingerprint { get; init; } = "";
    public string Reason { get; init; } = "";
    public bool WorkerConsentRecorded { get; init; }
    public string RecordedBy { get; init; } = "";
    public DateTimeOffset RecordedAt { get; init; }
}

/// <summary>One decision on a contract (append-only).</summary>
internal sealed record ContractDecisionRow
{
    public Guid Id { get; init; }
    public Guid ContractId { get; init; }
    public string Kind { get; init; } = "";
    public string? StatusBefore { get; init; }
    public string StatusAfter { get; init; } = "";
    public string Actor { get; init; } = "";
    public string? AuthorityCountry { get; init; }
    public DateTimeOffset DecidedAt { get; init; }
    public string Reason { get; init; } = "";
    public string LegalBasis { get; init; } = "";
}

/// <summary>Who decided, as kept on the contract for its latest endorsement decision and its termination.</summary>
internal sealed record DecisionRecord(string Actor, string? AuthorityCountry, DateTimeOffset DecidedAt, string Reason, string LegalBasis);

/// <summary>FeeAudits' verdict on one version of the terms.</summary>
internal sealed record AuditRow
{
    public Guid ContractId { get; init; }
    public int TermsVersion { get; init; }
    public long ContractVersion { get; init; }
    public long AuditVersion { get; init; }
    public string Outcome { get; init; } = "";
    public string Findings { get; init; } = "[]";
    public string? UndeterminedReason { get; init; }
    public DateTimeOffset AuditedAt { get; init; }
}

/// <summary>Contract statuses as stored (the proto names without "CONTRACT_STATUS_").</summary>
internal static class ContractStatuses
{
    public const string Registered = "REGISTERED";
    public const string Endorsed = "ENDORSED";
    public const string Rejected = "REJECTED";
    public const string Completed = "COMPLETED";
    public const string EndedByEmployer = "ENDED_BY_EMPLOYER";
    public const string EndedByWorker = "ENDED_BY_WORKER";
    public const string Repatriated = "REPATRIATED";

    public static readonly IReadOnlySet<string> Terminations = new HashSet<string> { Completed, EndedByEmployer, EndedByWorker, Repatriated };
}

/// <summary>Endorsement states as stored.</summary>
internal static class EndorsementStates
{
    public const string Pending = "PENDING";
    public const string Endorsed = "ENDORSED";
    public const string Rejected = "REJECTED";
}

/// <summary>Kinds of contract decisions.</summary>
internal static class ContractDecisions
{
    public const string Register = "REGISTER";
    public const string Amend = "AMEND";
    public const string Endorse = "ENDORSE";
    public const string Reject = "REJECT";
    public const string Terminate = "TERMINATE";
    public const string Orientation = "ORIENTATION";
}

/// <summary>A worker's report of fees paid, as the idempotent answer needs it.</summary>
internal sealed record FeeReportRow
{
    public Guid Id { get; init; }
    public DateTimeOffset ReportedAt { get; init; }
}

/// <summary>FeeAudits' case as last published (CaseChanged); excess and refund as the event's JSON.</summary>
internal sealed record CaseReplicaRow
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public Guid ContractId { get; init; }
    public Guid AgencyId { get; init; }
    public string OriginCountry { get; init; } = "";
    public string DestinationCountry { get; init; } = "";
    public string OpenedBy { get; init; } = "";
    public string State { get; init; } = "";
    public string? Excess { get; init; }
    public string? Refund { get; init; }
    public DateTimeOffset OpenedAt { get; init; }
    public DateTimeOffset ChangedAt { get; init; }
}
