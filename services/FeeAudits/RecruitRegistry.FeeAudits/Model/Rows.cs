using System.Text.Json;
using RecruitRegistry.FeeAudits.Audits;
using RecruitRegistry.IntegrationEvents;

namespace RecruitRegistry.FeeAudits.Model;

/// <summary>A fee_policies row.</summary>
internal sealed record PolicyRow
{
    public Guid Id { get; init; }
    public string OriginCountry { get; init; } = "";
    public string DestinationCountry { get; init; } = "";
    public string? JurisdictionCountry { get; init; }
    public string? Sector { get; init; }
    public string Kind { get; init; } = "";
    public string Currency { get; init; } = "";
    public decimal? FixedCap { get; init; }
    public decimal? WageMultiple { get; init; }
    public bool ProRataPerYear { get; init; }
    public string ProhibitedCategories { get; init; } = "[]";
    public string CategoryCaps { get; init; } = "{}";
    public string CappedCategories { get; init; } = "[]";
    public DateOnly? EffectiveFrom { get; init; }
    public DateOnly? EffectiveUntil { get; init; }
    public DateOnly? WithdrawnFrom { get; init; }
    public string LegalReference { get; init; } = "";
    public string Source { get; init; } = "";
    public long Version { get; init; }
    public string UpdatedBy { get; init; } = "";
    public DateTimeOffset UpdatedAt { get; init; }

    public FeePolicy ToPolicy() => new()
    {
        Id = Id,
        OriginCountry = OriginCountry,
        DestinationCountry = DestinationCountry,
        JurisdictionCountry = JurisdictionCountry,
        Sector = Sector,
        Kind = PolicyKinds.Parse(Kind),
        Currency = Currency,
        FixedCap = FixedCap,
        WageMultiple = WageMultiple,
        ProRataPerYear = ProRataPerYear,
        ProhibitedCategories = JsonSerializer.Deserialize<string[]>(ProhibitedCategories) ?? [],
        CategoryCaps = JsonSerializer.Deserialize<Dictionary<string, decimal>>(CategoryCaps) ?? [],
        CappedCategories = JsonSerializer.Deserialize<string[]>(CappedCategories) ?? [],
        EffectiveFrom = EffectiveFrom,
        EffectiveUntil = EffectiveUntil,
        WithdrawnFrom = WithdrawnFrom,
        LegalReference = LegalReference,
        Source = Source,
    };
}

/// <summary>Policy kinds as stored ("FIXED_CAP").</summary>
internal static class PolicyKinds
{
    public static string Name(PolicyKind kind) => kind switch
    {
        PolicyKind.ZeroFee => "ZERO_FEE",
        PolicyKind.FixedCap => "FIXED_CAP",
        PolicyKind.WageMultipleCap => "WAGE_MULTIPLE_CAP",
        PolicyKind.ProhibitedCategories => "PROHIBITED_CATEGORIES",
        PolicyKind.CategoryCaps => "CATEGORY_CAPS",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static PolicyKind Parse(string stored) => Enum.GetValues<PolicyKind>().First(k => Name(k) == stored);
}

/// <summary>A contract_replicas row: the contract as WorkerContracts last published it.</summary>
internal sealed record ContractReplicaRow
{
    public Guid Id { get; init; }
    public string Reference { get; init; } = "";
    public Guid AgencyId { get; init; }
    public string OriginCountry { get; init; } = "";
    public string DestinationCountry { get; init; } = "";
    public string Sector { get; init; } = "";
    public string WorkerSex { get; init; } = "";
    public string Status { get; init; } = "";
    public DateOnly SignedOn { get; init; }
    public DateOnly StartDate { get; init; }
    public string WageCurrency { get; init; } = "";
    public decimal WageAmount { get; init; }
    public int DurationMonths { get; init; }
    public string Fees { get; init; } = "[]";
    public string TermsFingerprint { get; init; } = "";
    public int TermsVersion { get; init; }
    public DateTimeOffset RegisteredAt { get; init; }
    public long Version { get; init; }
}

/// <summary>What an audit judged, stored with it so that a re-audit needs nothing else.</summary>
internal sealed record StoredTerms(string Sector, DateOnly SignedOn, EventMoney MonthlyBasicWage, int DurationMonths, IReadOnlyList<AuditedFee> Fees)
{
    public AuditedTerms ToAuditedTerms() => new(Sector, SignedOn, MonthlyBasicWage, DurationMonths, Fees);

    /// <summary>The currencies the terms are stated in: one side of every rate an audit of them can lack.</summary>
    public IEnumerable<string> Currencies() => Fees.Select(f => f.Amount.CurrencyCode).Append(MonthlyBasicWage.CurrencyCode).Distinct();
}

/// <summary>One rule's verdict as stored in audits.verdicts.</summary>
internal sealed record StoredVerdict(
    Guid PolicyId, string? JurisdictionCountry, string LegalReference, string Outcome,
    IReadOnlyList<IntegrationEvents.FeeAudits.AuditFinding> Findings, string? UndeterminedReason);

/// <summary>An audits row.</summary>
internal sealed record AuditRow
{
    public Guid ContractId { get; init; }
    public int TermsVersion { get; init; }
    public long ContractVersion { get; init; }
    public long AuditVersion { get; init; }
    public string OriginCountry { get; init; } = "";
    public string DestinationCountry { get; init; } = "";
    public string Terms { get; init; } = "";
    public string TermsFingerprint { get; init; } = "";
    public string Outcome { get; init; } = "";
    public Guid? DecidingPolicyId { get; init; }
    public string Findings { get; init; } = "[]";
    public string Verdicts { get; init; } = "[]";
    public string? UndeterminedReason { get; init; }
    public bool AwaitingRates { get; init; }
    public string? ExcessCurrency { get; init; }
    public decimal? ExcessAmount { get; init; }
    public DateTimeOffset AuditedAt { get; init; }
}

/// <summary>A cases row.</summary>
internal sealed record CaseRow
{
    public Guid Id { get; init; }
    public Guid ContractId { get; init; }
    public Guid AgencyId { get; init; }
    public string OriginCountry { get; init; } = "";
    public string DestinationCountry { get; init; } = "";
    public string? Sector { get; init; }
    public string? WorkerSex { get; init; }
    public string OpenedBy { get; init; } = "";
    public string? SourceKey { get; init; }
    public string Details { get; init; } = "{}";
    public string State { get; init; } = "";
    public string? AssignedTo { get; init; }
    public string? ExcessCurrency { get; init; }
    public decimal? ExcessAmount { get; init; }
    public long? ExcessMinor { get; init; }
    public DateTimeOffset OpenedAt { get; init; }
    public DateTimeOffset? ConfirmedAt { get; init; }
    public DateOnly? AppealDeadline { get; init; }
    public long Version { get; init; }

    public EventMoney? Excess => ExcessCurrency is null || ExcessAmount is null ? null : new EventMoney(ExcessCurrency, ExcessAmount.Value);

    public bool HasParty(string? country) => country == OriginCountry || country == DestinationCountry;
}

/// <summary>A case_decisions row.</summary>
internal sealed record CaseDecisionRow
{
    public long Id { get; init; }
    public Guid CaseId { get; init; }
    public long Version { get; init; }
    public string Kind { get; init; } = "";
    public string? StateBefore { get; init; }
    public string StateAfter { get; init; } = "";
    public string Actor { get; init; } = "";
    public string? ActorCountry { get; init; }
    public string Reason { get; init; } = "";
    public string LegalBasis { get; init; } = "";
    public DateTimeOffset DecidedAt { get; init; }
}

/// <summary>A refund_orders row.</summary>
internal sealed record RefundRow
{
    public Guid Id { get; init; }
    public Guid CaseId { get; init; }
    public string OriginCountry { get; init; } = "";
    public string DestinationCountry { get; init; } = "";
    public string Currency { get; init; } = "";
    public decimal Amount { get; init; }
    public long AmountMinor { get; init; }
    public DateOnly DueOn { get; init; }
    public string State { get; init; } = "";
    public string? EvidenceReference { get; init; }
    public DateTimeOffset OrderedAt { get; init; }
    public DateTimeOffset? PaidAt { get; init; }
    public DateOnly? OverdueSince { get; init; }
}
