using System.Globalization;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.FeeAudits.Audits;
using RecruitRegistry.IntegrationEvents;
using RecruitRegistry.Platform.Validation;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;
using EventFinding = RecruitRegistry.IntegrationEvents.FeeAudits.AuditFinding;
using PolicyKind = RecruitRegistry.FeeAudits.Audits.PolicyKind;

namespace RecruitRegistry.FeeAudits.Model;

/// <summary>Rows to replies; money, dates and the stored JSON.</summary>
internal static class Mapping
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Date ToDate(this DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };

    /// <summary>The amount at least at its currency's scale ("10000.00", as the caps are written in law), never rounded.</summary>
    public static Money ToMoney(this EventMoney m) => new()
    {
        CurrencyCode = m.CurrencyCode,
        Amount = IsoCodes.MinorUnit(m.CurrencyCode) is { } digits && m.Amount.Scale < digits
            ? m.Amount.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : m.Amount.ToString(CultureInfo.InvariantCulture),
    };

    public static Money ToMoney(string currency, decimal amount) => new EventMoney(currency, amount).ToMoney();

    /// <summary>An exact amount as an integer count of the currency's minor unit (reports sum these in SQL).</summary>
    public static long ToMinor(decimal amount, string currency) =>
        decimal.ToInt64(AuditEngine.Round(amount, currency) * Pow10(IsoCodes.MinorUnit(currency) ?? 2));

    /// <summary>Minor units back to the amount, at the currency's scale ("2500.50", not "2500.5").</summary>
    public static decimal FromMinor(long minor, string currency)
    {
        var magnitude = minor == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(minor);
        return new decimal((int)(magnitude & 0xFFFF_FFFF), (int)(magnitude >> 32), 0, minor < 0, (byte)(IsoCodes.MinorUnit(currency) ?? 2));
    }

    private static decimal Pow10(int digits) => digits switch { 0 => 1m, 1 => 10m, 2 => 100m, 3 => 1000m, _ => (decimal)Math.Pow(10, digits) };

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Json);

    public static T FromJson<T>(string json) => JsonSerializer.Deserialize<T>(json, Json)!;

    public static ContractsApi.AuditOutcome ToProtoOutcome(string stored) =>
        ProtoEnums.Parse<ContractsApi.AuditOutcome>(stored, "AUDIT_OUTCOME_");

    public static ContractsApi.AuditFinding ToProto(this EventFinding f) => new()
    {
        Rule = f.Rule,
        // The total of a cap rule ("TOTAL") is no one category: UNSPECIFIED.
        Category = System.Enum.GetValues<ContractsApi.FeeCategory>().FirstOrDefault(c => ProtoEnums.Name(c, "FEE_CATEGORY_") == f.Category),
        Charged = f.Charged.ToMoney(),
        Allowed = f.Allowed.ToMoney(),
        Excess = f.Excess.ToMoney(),
    };

    public static Contracts.FeeAudits.V1.FeePolicy ToProto(this PolicyRow row)
    {
        var policy = row.ToPolicy();
        var reply = new Contracts.FeeAudits.V1.FeePolicy
        {
            Id = row.Id.ToString(),
            OriginCountry = row.OriginCountry,
            DestinationCountry = row.DestinationCountry,
            JurisdictionCountry = row.JurisdictionCountry ?? "",
            Sector = row.Sector is null ? Sector.Unspecified : ProtoEnums.Parse<Sector>(row.Sector, "SECTOR_"),
            Kind = ProtoEnums.Parse<Contracts.FeeAudits.V1.PolicyKind>(row.Kind, "POLICY_KIND_"),
            Currency = row.Currency,
            FixedCap = row.FixedCap is { } cap ? ToMoney(row.Currency, cap) : null,
            WageMultiple = row.WageMultiple?.ToString(CultureInfo.InvariantCulture) ?? "",
            ProRataPerYear = row.ProRataPerYear,
            ProhibitedCategories = { policy.ProhibitedCategories.Select(c => ProtoEnums.Parse<ContractsApi.FeeCategory>(c, "FEE_CATEGORY_")) },
            CategoryCaps =
            {
                policy.CategoryCaps.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new CategoryCap
                {
                    Category = ProtoEnums.Parse<ContractsApi.FeeCategory>(c.Key, "FEE_CATEGORY_"),
                    Cap = ToMoney(row.Currency, c.Value),
                }),
            },
            CappedCategories = { policy.CappedCategories.Select(c => ProtoEnums.Parse<ContractsApi.FeeCategory>(c, "FEE_CATEGORY_")) },
            EffectiveFrom = row.EffectiveFrom?.ToDate(),
            EffectiveUntil = row.EffectiveUntil?.ToDate(),
            WithdrawnFrom = row.WithdrawnFrom?.ToDate(),
            LegalReference = row.LegalReference,
            Source = row.Source,
            Version = row.Version,
            UpdatedBy = row.UpdatedBy,
            UpdatedAt = Timestamp.FromDateTimeOffset(row.UpdatedAt),
        };
        return reply;
    }

    public static Contracts.FeeAudits.V1.RuleVerdict ToProto(this StoredVerdict v) => new()
    {
        PolicyId = v.PolicyId.ToString(),
        JurisdictionCountry = v.JurisdictionCountry ?? "",
        LegalReference = v.LegalReference,
        Outcome = ToProtoOutcome(v.Outcome),
        Findings = { v.Findings.Select(f => f.ToProto()) },
        UndeterminedReason = v.UndeterminedReason ?? "",
    };

    /// <summary>One rule's verdict as an audit stores it (audits.verdicts).</summary>
    public static StoredVerdict ToStored(this Audits.RuleVerdict v) => new(
        v.Policy.Id, v.Policy.JurisdictionCountry, v.Policy.LegalReference, v.Outcome.ToString().ToUpperInvariant(), v.Findings, v.UndeterminedReason);

    public static Audit ToProto(this AuditRow row) => new()
    {
        ContractId = row.ContractId.ToString(),
        ContractVersion = row.ContractVersion,
        TermsVersion = row.TermsVersion,
        AuditVersion = row.AuditVersion,
        Outcome = ToProtoOutcome(row.Outcome),
        DecidingPolicyId = row.DecidingPolicyId?.ToString() ?? "",
        UndeterminedReason = row.UndeterminedReason ?? "",
        Findings = { FromJson<List<EventFinding>>(row.Findings).Select(f => f.ToProto()) },
        Verdicts = { FromJson<List<StoredVerdict>>(row.Verdicts).Select(v => v.ToProto()) },
        AuditedAt = Timestamp.FromDateTimeOffset(row.AuditedAt),
        TermsFingerprint = row.TermsFingerprint,
    };

    public static Case ToProto(this CaseRow row, IEnumerable<CaseDecisionRow> history, RefundRow? refund) => new()
    {
        Id = row.Id.ToString(),
        ContractId = row.ContractId.ToString(),
        AgencyId = row.AgencyId.ToString(),
        OriginCountry = row.OriginCountry,
        DestinationCountry = row.DestinationCountry,
        State = ProtoEnums.Parse<CaseState>(row.State, "CASE_STATE_"),
        Origin = ProtoEnums.Parse<CaseOrigin>(row.OpenedBy, "CASE_ORIGIN_"),
        Details = row.Details,
        AssignedTo = row.AssignedTo ?? "",
        Excess = row.Excess?.ToMoney(),
        AppealDeadline = row.AppealDeadline?.ToDate(),
        OpenedAt = Timestamp.FromDateTimeOffset(row.OpenedAt),
        Version = row.Version,
        Refund = refund?.ToProto(),
        History =
        {
            history.OrderBy(d => d.Version).Select(d => new CaseDecision
            {
                Kind = d.Kind,
                StateAfter = ProtoEnums.Parse<CaseState>(d.StateAfter, "CASE_STATE_"),
                Metadata = new DecisionMetadata
                {
                    Actor = d.Actor,
                    AuthorityCountry = d.ActorCountry ?? "",
                    DecidedAt = Timestamp.FromDateTimeOffset(d.DecidedAt),
                    Reason = d.Reason,
                    LegalBasis = d.LegalBasis,
                },
            }),
        },
    };

    public static RefundOrder ToProto(this RefundRow row) => new()
    {
        Id = row.Id.ToString(),
        CaseId = row.CaseId.ToString(),
        Amount = ToMoney(row.Currency, row.Amount),
        DueOn = row.DueOn.ToDate(),
        State = ProtoEnums.Parse<RefundState>(row.State, "REFUND_STATE_"),
        EvidenceReference = row.EvidenceReference ?? "",
    };

    /// <summary>The stored kind of a proto policy kind; null for UNSPECIFIED or unknown numbers.</summary>
    public static PolicyKind? FromProto(Contracts.FeeAudits.V1.PolicyKind kind) =>
        ProtoEnums.IsSet(kind) ? PolicyKinds.Parse(ProtoEnums.Name(kind, "POLICY_KIND_")) : null;
}
