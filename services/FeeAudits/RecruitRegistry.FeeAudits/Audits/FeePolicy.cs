using RecruitRegistry.IntegrationEvents;

namespace RecruitRegistry.FeeAudits.Audits;

/// <summary>The shapes a fee rule takes in national law (shared/reference/corridors.md).</summary>
internal enum PolicyKind
{
    /// <summary>The employer pays everything: nothing may be charged to the worker (e.g. Qatar, Labour Law 14/2004 Art. 33).</summary>
    ZeroFee,

    /// <summary>A fixed cap on the total charged to the worker (e.g. Nepal, NPR 10,000 since 6 July 2015).</summary>
    FixedCap,

    /// <summary>A cap on the total as a multiple of the monthly basic wage (e.g. the Philippines, one month's salary).</summary>
    WageMultipleCap,

    /// <summary>Categories that may never be charged (e.g. ILLEGITIMATE everywhere).</summary>
    ProhibitedCategories,

    /// <summary>A cap per category.</summary>
    CategoryCaps,
}

/// <summary>
/// One rule of one country's law (or of the international standard: no jurisdiction) for a corridor and optionally one
/// sector, effective for contracts signed from <see cref="EffectiveFrom"/> (null: a start the registry has not
/// established, so every earlier contract) to <see cref="EffectiveUntil"/> inclusive, with its citation. Amounts are in
/// the rule's <see cref="Currency"/>, and so are the findings.
/// </summary>
internal sealed record FeePolicy
{
    public required Guid Id { get; init; }
    public required string OriginCountry { get; init; }
    public required string DestinationCountry { get; init; }
    /// <summary>The country whose law this is; null: the international standard (the ILO definition).</summary>
    public string? JurisdictionCountry { get; init; }
    /// <summary>Null: every sector of the corridor.</summary>
    public string? Sector { get; init; }
    public required PolicyKind Kind { get; init; }
    public required string Currency { get; init; }
    public decimal? FixedCap { get; init; }
    public decimal? WageMultiple { get; init; }
    /// <summary>The wage multiple applies per 12 months of the contract's duration, pro rata (Viet Nam, Law 69/2020 Art. 23).</summary>
    public bool ProRataPerYear { get; init; }
    public IReadOnlyList<string> ProhibitedCategories { get; init; } = [];
    public IReadOnlyDictionary<string, decimal> CategoryCaps { get; init; } = new Dictionary<string, decimal>();
    /// <summary>A fixed or wage-multiple cap on these categories' total only; empty: on every fee.</summary>
    public IReadOnlyList<string> CappedCategories { get; init; } = [];
    public DateOnly? EffectiveFrom { get; init; }
    public DateOnly? EffectiveUntil { get; init; }
    /// <summary>Withdrawn: governs no contract signed on or after this day.</summary>
    public DateOnly? WithdrawnFrom { get; init; }
    public required string LegalReference { get; init; }
    public required string Source { get; init; }

    /// <summary>True when this rule governs a contract of the sector signed on the date (never retroactively).</summary>
    public bool AppliesTo(string sector, DateOnly signedOn) =>
        (Sector is null || Sector == sector) && (EffectiveFrom is not { } from || signedOn >= from) && (EffectiveUntil is not { } until || signedOn <= until)
        && (WithdrawnFrom is not { } withdrawn || signedOn < withdrawn);

    /// <summary>Whether a fixed or wage-multiple cap counts this fee.</summary>
    public bool Caps(string category) => CappedCategories.Count == 0 || CappedCategories.Contains(category);
}

/// <summary>What the audit needs of a contract version.</summary>
internal sealed record AuditedTerms(
    string Sector, DateOnly SignedOn, EventMoney MonthlyBasicWage, int DurationMonths, IReadOnlyList<AuditedFee> Fees);

/// <summary>One fee charged to the worker.</summary>
internal sealed record AuditedFee(string Category, EventMoney Amount);
