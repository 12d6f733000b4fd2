namespace RecruitRegistry.IntegrationEvents.FeeAudits;

/// <summary>The binding verdict of an audit.</summary>
public enum AuditOutcome { Pending, Compliant, Violation, Undetermined }

/// <summary>One rule broken by one fee category, in the policy's currency.</summary>
public sealed record AuditFinding(
    string Rule, string Category, EventMoney Charged, EventMoney Allowed, EventMoney Excess);

/// <summary>The audit of one contract version; its version is the contract version it audited.</summary>
public sealed record ContractAudited
{
    public required Guid ContractId { get; init; }
    public required long ContractVersion { get; init; }
    /// <summary>The audit's own version: re-audits (a new rate, say) of the same contract version bump it.</summary>
    public required long Version { get; init; }
    public required AuditOutcome Outcome { get; init; }
    public required IReadOnlyList<AuditFinding> Findings { get; init; }
    public string? UndeterminedReason { get; init; }
    public required string OriginCountry { get; init; }
    public required string DestinationCountry { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
