using RecruitRegistry.IntegrationEvents.Licensing;

namespace RecruitRegistry.Licensing.Model;

/// <summary>A corridor as stored.</summary>
internal sealed record CorridorRow
{
    public Guid Id { get; init; }
    public string OriginCountry { get; init; } = "";
    public string DestinationCountry { get; init; } = "";
    public string State { get; init; } = "";
    public string ProposedByCountry { get; init; } = "";
    public string BilateralAgreementReference { get; init; } = "";
    public bool DestinationAccreditationRequired { get; init; }
    public int MinimumWorkerAge { get; init; }
    public string Sectors { get; init; } = "[]";
    public int SuspensionThreshold { get; init; }
    public int SuspensionWindowMonths { get; init; }
    public int GrievanceWindowMonths { get; init; }
    public string GrievanceWindowLegalBasis { get; init; } = "";
    public string GrievanceKindsCounted { get; init; } = "[]";
    public string OrientationRequired { get; init; } = OrientationRequirements.None;
    public string? OrientationLegalBasis { get; init; }
    public long Version { get; init; }

    public bool HasParty(string? country) => country == OriginCountry || country == DestinationCountry;
}

/// <summary>An agency as stored.</summary>
internal sealed record AgencyRow
{
    public Guid Id { get; init; }
    public string LegalName { get; init; } = "";
    public string SearchName { get; init; } = "";
    public string RegistrationNumber { get; init; } = "";
    public string Country { get; init; } = "";
    public string Address { get; init; } = "";
    public string ContactEmail { get; init; } = "";
    public string ContactPhone { get; init; } = "";
    public string Directors { get; init; } = "[]";
    public long Version { get; init; }
}

/// <summary>A licence or accreditation as stored.</summary>
internal sealed record LicenceRow
{
    public Guid Id { get; init; }
    public Guid AgencyId { get; init; }
    public string Kind { get; init; } = "";
    public string Number { get; init; } = "";
    public string IssuingCountry { get; init; } = "";
    public string DestinationCountries { get; init; } = "[]";
    public string Sectors { get; init; } = "[]";
    public DateOnly ValidFrom { get; init; }
    public DateOnly ValidUntil { get; init; }
    public string BondCurrency { get; init; } = "";
    public decimal BondAmount { get; init; }
    public string Conditions { get; init; } = "[]";
    public string State { get; init; } = "";
    public DateOnly? SuspendedSince { get; init; }
    public DateOnly? SuspendedUntil { get; init; }
    public long Version { get; init; }
}

/// <summary>One decision of a licence's history (append-only).</summary>
internal sealed record LicenceDecisionRow
{
    public Guid Id { get; init; }
    public Guid LicenceId { get; init; }
    public string Kind { get; init; } = "";
    public string? StateBefore { get; init; }
    public string StateAfter { get; init; } = "";
    public string Actor { get; init; } = "";
    public string? AuthorityCountry { get; init; }
    public DateTimeOffset DecidedAt { get; init; }
    public string Reason { get; init; } = "";
    public string LegalBasis { get; init; } = "";
    public DateOnly? AppealDeadline { get; init; }
    public string? StateSnapshot { get; init; }
}

/// <summary>An appeal against an adverse decision.</summary>
internal record AppealRow
{
    public Guid Id { get; init; }
    public Guid DecisionId { get; init; }
    public Guid LicenceId { get; init; }
    public string State { get; init; } = "";
    public string Grounds { get; init; } = "";
    public string FiledBy { get; init; } = "";
    public DateTimeOffset FiledAt { get; init; }
    public string? DecidedBy { get; init; }
    public string? AuthorityCountry { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? OutcomeReason { get; init; }
    public string? OutcomeLegalBasis { get; init; }
    public long Version { get; init; }
}
