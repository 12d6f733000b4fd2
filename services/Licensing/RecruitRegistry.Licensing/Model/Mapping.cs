using Google.Protobuf.WellKnownTypes;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.IntegrationEvents.Licensing;

namespace RecruitRegistry.Licensing.Model;

/// <summary>Rows to replies and to integration events.</summary>
internal static class Mapping
{
    public static Date ToDate(this DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };

    public static Corridor ToReply(this CorridorRow row) => new()
    {
        Id = row.Id.ToString(),
        OriginCountry = row.OriginCountry,
        DestinationCountry = row.DestinationCountry,
        State = ProtoNames.Parse<CorridorState>(row.State, "CORRIDOR_STATE_"),
        BilateralAgreementReference = row.BilateralAgreementReference,
        DestinationAccreditationRequired = row.DestinationAccreditationRequired,
        MinimumWorkerAge = row.MinimumWorkerAge,
        Sectors = { Lists.FromJson(row.Sectors).Select(ProtoNames.Sector) },
        SuspensionThreshold = row.SuspensionThreshold,
        SuspensionWindowMonths = row.SuspensionWindowMonths,
        GrievanceWindowMonths = row.GrievanceWindowMonths,
        GrievanceWindowLegalBasis = row.GrievanceWindowLegalBasis,
        GrievanceKindsCounted = { Lists.FromJson(row.GrievanceKindsCounted).Select(k => Platform.Validation.ProtoEnums.Parse<Contracts.FeeAudits.V1.GrievanceKind>(k, "GRIEVANCE_KIND_")) },
        OrientationRequired = Platform.Validation.ProtoEnums.Parse<OrientationRequirement>(row.OrientationRequired, "ORIENTATION_REQUIREMENT_"),
        OrientationLegalBasis = row.OrientationLegalBasis ?? "",
        Version = row.Version,
    };

    public static CorridorChanged ToEvent(this CorridorRow row, CorridorChange change, DateTimeOffset now) => new()
    {
        CorridorId = row.Id,
        Version = row.Version,
        Change = change,
        OccurredAt = now,
        Corridor = row.ToSnapshot(),
    };

    public static CorridorSnapshot ToSnapshot(this CorridorRow row) => new()
    {
        CorridorId = row.Id,
        OriginCountry = row.OriginCountry,
        DestinationCountry = row.DestinationCountry,
        State = row.State,
        DestinationAccreditationRequired = row.DestinationAccreditationRequired,
        MinimumWorkerAge = row.MinimumWorkerAge,
        Sectors = Lists.FromJson(row.Sectors),
        GrievanceWindowMonths = row.GrievanceWindowMonths,
        GrievanceWindowLegalBasis = row.GrievanceWindowLegalBasis,
        OrientationRequired = row.OrientationRequired,
        OrientationLegalBasis = row.OrientationLegalBasis,
    };

    public static Agency ToReply(this AgencyRow row) => new()
    {
        Id = row.Id.ToString(),
        LegalName = row.LegalName,
        RegistrationNumber = row.RegistrationNumber,
        Country = row.Country,
        Address = row.Address,
        ContactEmail = row.ContactEmail,
        ContactPhone = row.ContactPhone,
        Directors = { Lists.FromJson(row.Directors).Select(n => new Director { FullName = n }) },
        Version = row.Version,
    };

    public static AgencyChanged ToEvent(this AgencyRow row, AgencyChange change, DateTimeOffset now) => new()
    {
        AgencyId = row.Id,
        Version = row.Version,
        Change = change,
        OccurredAt = now,
        Agency = row.ToSnapshot(),
    };

    public static AgencySnapshot ToSnapshot(this AgencyRow row) => new()
    {
        AgencyId = row.Id,
        LegalName = row.LegalName,
        RegistrationNumber = row.RegistrationNumber,
        Country = row.Country,
    };

    /// <summary>The licence as of a date: the reply shows the state on that date (EXPIRED once validity ended).</summary>
    public static Contracts.Licensing.V1.Licence ToReply(this LicenceRow row, DateOnly today) => new()
    {
        Id = row.Id.ToString(),
        AgencyId = row.AgencyId.ToString(),
        Kind = ProtoNames.Parse<LicenceKind>(row.Kind, "LICENCE_KIND_"),
        Number = row.Number,
        IssuingCountry = row.IssuingCountry,
        DestinationCountries = { Lists.FromJson(row.DestinationCountries) },
        Sectors = { Lists.FromJson(row.Sectors).Select(ProtoNames.Sector) },
        ValidFrom = row.ValidFrom.ToDate(),
        ValidUntil = row.ValidUntil.ToDate(),
        SecurityBond = row.BondCurrency.Length == 0 ? null : new Money { CurrencyCode = row.BondCurrency, Amount = row.BondAmount.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        Conditions = { Lists.FromJson(row.Conditions) },
        State = ProtoNames.Parse<LicenceState>(LicenceStates.On(row, today), "LICENCE_STATE_"),
        SuspendedUntil = row.SuspendedUntil?.ToDate(),
        Version = row.Version,
    };

    public static LicenceChanged ToEvent(this LicenceRow row, LicenceChange change, DateTimeOffset now) => new()
    {
        LicenceId = row.Id,
        Version = row.Version,
        Change = change,
        OccurredAt = now,
        Licence = row.ToSnapshot(),
    };

    public static LicenceSnapshot ToSnapshot(this LicenceRow row) => new()
    {
        LicenceId = row.Id,
        AgencyId = row.AgencyId,
        Kind = row.Kind,
        Number = row.Number,
        IssuingCountry = row.IssuingCountry,
        DestinationCountries = Lists.FromJson(row.DestinationCountries),
        Sectors = Lists.FromJson(row.Sectors),
        ValidFrom = row.ValidFrom,
        ValidUntil = row.ValidUntil,
        State = row.State,
        SuspendedSince = row.SuspendedSince,
        SuspendedUntil = row.SuspendedUntil,
    };

    public static LicenceDecision ToReply(this LicenceDecisionRow row) => new()
    {
        Id = row.Id.ToString(),
        Kind = ProtoNames.Parse<DecisionKind>(row.Kind, "DECISION_KIND_"),
        StateBefore = row.StateBefore is null ? LicenceState.Unspecified : ProtoNames.Parse<LicenceState>(row.StateBefore, "LICENCE_STATE_"),
        StateAfter = ProtoNames.Parse<LicenceState>(row.StateAfter, "LICENCE_STATE_"),
        AppealDeadline = row.AppealDeadline?.ToDate(),
        Metadata = new DecisionMetadata
        {
            Actor = row.Actor,
            AuthorityCountry = row.AuthorityCountry ?? "",
            DecidedAt = Timestamp.FromDateTimeOffset(row.DecidedAt),
            Reason = row.Reason,
            LegalBasis = row.LegalBasis,
        },
    };
}
