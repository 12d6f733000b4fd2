using System.Globalization;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.IntegrationEvents;
using RecruitRegistry.IntegrationEvents.WorkerContracts;
using RecruitRegistry.Platform.Validation;
using EventFinding = RecruitRegistry.IntegrationEvents.FeeAudits.AuditFinding;
using RefundSnapshot = RecruitRegistry.IntegrationEvents.FeeAudits.RefundSnapshot;

namespace RecruitRegistry.WorkerContracts.Model;

/// <summary>Rows to replies and to integration events; the stored JSON of terms, decisions and findings.</summary>
internal static class Mapping
{
    public static Date ToDate(this DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };

    public static Money ToMoney(this Amount amount) => new()
    {
        CurrencyCode = amount.Currency,
        Amount = amount.Value.ToString(CultureInfo.InvariantCulture),
    };

    public static Money ToMoney(this EventMoney amount) => new()
    {
        CurrencyCode = amount.CurrencyCode,
        Amount = amount.Amount.ToString(CultureInfo.InvariantCulture),
    };

    public static ContractFee ToEvent(FeeTerm fee) => new(fee.Category, new EventMoney(fee.Amount.Currency, fee.Amount.Value), fee.Payee);

    /// <summary>A case as a worker sees it: its state, the excess and the refund; no actors, no reasons.</summary>
    public static WorkerCase ToWorkerCase(this CaseReplicaRow row)
    {
        var excess = row.Excess is null ? null : JsonSerializer.Deserialize<EventMoney>(row.Excess);
        var refund = row.Refund is null ? null : JsonSerializer.Deserialize<RefundSnapshot>(row.Refund);
        return new WorkerCase
        {
            CaseId = row.Id.ToString(),
            Origin = ProtoEnums.Parse<CaseOrigin>(row.OpenedBy, "CASE_ORIGIN_"),
            State = ProtoEnums.Parse<CaseState>(row.State, "CASE_STATE_"),
            Excess = excess?.ToMoney(),
            RefundAmount = refund?.Amount.ToMoney(),
            RefundDueOn = refund?.DueOn.ToDate(),
            RefundState = refund is null ? RefundState.Unspecified : ProtoEnums.Parse<RefundState>(refund.State, "REFUND_STATE_"),
            OpenedAt = Timestamp.FromDateTimeOffset(row.OpenedAt),
            ChangedAt = Timestamp.FromDateTimeOffset(row.ChangedAt),
        };
    }

    public static ContractTerms ReadTerms(string json) => JsonSerializer.Deserialize<ContractTerms>(json)!;

    public static string ToJson(this ContractTerms terms) => JsonSerializer.Serialize(terms);

    public static string ToJson(this DecisionRecord decision) => JsonSerializer.Serialize(decision);

    public static Terms ToProto(this ContractTerms t) => new()
    {
        SignedOn = t.SignedOn.ToDate(),
        MonthlyBasicWage = t.MonthlyBasicWage.ToMoney(),
        HoursPerWeek = t.HoursPerWeek,
        RestDaysPerWeek = t.RestDaysPerWeek,
        DurationMonths = t.DurationMonths,
        StartDate = t.StartDate.ToDate(),
        AnnualLeaveDays = t.AnnualLeaveDays,
        OvertimeRate = TermsFingerprint.Decimal(t.OvertimeRate),
        AccommodationProvided = t.AccommodationProvided,
        FoodProvided = t.FoodProvided,
        TransportProvided = t.TransportProvided,
        ReturnTicketPaidByEmployer = t.ReturnTicketPaidByEmployer,
        Employer = new Employer { Name = t.EmployerName, Country = t.EmployerCountry, RegistrationId = t.EmployerRegistrationId },
        Job = new Job
        {
            Title = t.JobTitle,
            Sector = ProtoEnums.Parse<Sector>(t.Sector, "SECTOR_"),
            Isco08Code = t.Isco08Code,
            WorkLocation = t.WorkLocation,
        },
    };

    public static IEnumerable<Fee> FeesToProto(this ContractTerms t) => t.Fees.Select(f => new Fee
    {
        Category = ProtoEnums.Parse<FeeCategory>(f.Category, "FEE_CATEGORY_"),
        Amount = f.Amount.ToMoney(),
        Payee = f.Payee,
    });

    public static DecisionMetadata ToProto(this DecisionRecord d) => new()
    {
        Actor = d.Actor,
        AuthorityCountry = d.AuthorityCountry ?? "",
        DecidedAt = Timestamp.FromDateTimeOffset(d.DecidedAt),
        Reason = d.Reason,
        LegalBasis = d.LegalBasis,
    };

    /// <summary>The contract as authorities, its agency and (verified) its worker see it; never the passport number.</summary>
    public static ContractView ToView(this ContractRow row, ContractTerms terms, AuditRow? audit)
    {
        var view = new ContractView
        {
            ContractId = row.Id.ToString(),
            Reference = row.Reference,
            AgencyId = row.AgencyId.ToString(),
            OriginCountry = row.OriginCountry,
            DestinationCountry = row.DestinationCountry,
            Status = ProtoEnums.Parse<ContractStatus>(row.Status, "CONTRACT_STATUS_"),
            Terms = terms.ToProto(),
            Fees = { terms.FeesToProto() },
            TermsFingerprint = row.TermsFingerprint,
            FingerprintCode = TermsFingerprint.Code(row.TermsFingerprint),
            Version = row.Version,
            TermsVersion = row.TermsVersion,
            Worker = new Worker
            {
                FullName = row.WorkerFullName,
                Sex = ProtoEnums.Parse<Sex>(row.WorkerSex, "SEX_"),
                DateOfBirth = row.WorkerDateOfBirth.ToDate(),
                Nationality = row.WorkerNationality,
                PreferredLanguage = row.WorkerLanguage,
                Disability = row.WorkerDisability is null ? Disability.Unspecified : ProtoEnums.Parse<Disability>(row.WorkerDisability, "DISABILITY_"),
                DisabilityConsent = row.WorkerDisability is not null,
            },
            Orientation = Orientations.OrientationRow.FromJson(row.Orientation)?.ToProto(),
            Endorsement = new Endorsement
            {
                State = ProtoEnums.Parse<EndorsementState>(row.EndorsementState, "ENDORSEMENT_STATE_"),
                Decision = row.Endorsement is null ? null : JsonSerializer.Deserialize<DecisionRecord>(row.Endorsement)!.ToProto(),
            },
            RegisteredAt = Timestamp.FromDateTimeOffset(row.RegisteredAt),
        };
        if (row.TerminationKind is not null)
        {
            view.Termination = new Termination
            {
                Kind = ProtoEnums.Parse<ContractStatus>(row.TerminationKind, "CONTRACT_STATUS_"),
                EndedOn = row.EndedOn?.ToDate(),
                Decision = JsonSerializer.Deserialize<DecisionRecord>(row.Termination!)!.ToProto(),
            };
        }

        view.ApplyAudit(audit);
        return view;
    }

    /// <summary>Shows <paramref name="audit"/> (null: none yet) as the audit of the view's terms, replacing any shown before.</summary>
    public static void ApplyAudit(this ContractView view, AuditRow? audit)
    {
        view.AuditOutcome = audit is null ? AuditOutcome.Pending : ProtoEnums.Parse<AuditOutcome>(audit.Outcome, "AUDIT_OUTCOME_");
        view.AuditFindings.Clear();
        view.AuditFindings.AddRange(Findings(audit));
        view.AuditUndeterminedReason = audit?.UndeterminedReason ?? "";
    }

    public static IEnumerable<Contracts.WorkerContracts.V1.AuditFinding> Findings(AuditRow? audit) =>
        audit is null
            ? []
            : JsonSerializer.Deserialize<List<EventFinding>>(audit.Findings)!.Select(f => new Contracts.WorkerContracts.V1.AuditFinding
            {
                Rule = f.Rule,
                Category = System.Enum.GetValues<FeeCategory>().FirstOrDefault(c => ProtoEnums.Name(c, "FEE_CATEGORY_") == f.Category),
                Charged = ToMoney(f.Charged),
                Allowed = ToMoney(f.Allowed),
                Excess = ToMoney(f.Excess),
            });

    public static ContractVersion ToProto(this ContractVersionRow row, AuditRow? audit)
    {
        var terms = ReadTerms(row.Terms);
        return new ContractVersion
        {
            TermsVersion = row.TermsVersion,
            Terms = terms.ToProto(),
            Fees = { terms.FeesToProto() },
            TermsFingerprint = row.TermsFingerprint,
            FingerprintCode = TermsFingerprint.Code(row.TermsFingerprint),
            Reason = row.Reason,
            WorkerConsentRecorded = row.WorkerConsentRecorded,
            RecordedBy = row.RecordedBy,
            RecordedAt = Timestamp.FromDateTimeOffset(row.RecordedAt),
            AuditOutcome = audit is null ? AuditOutcome.Pending : ProtoEnums.Parse<AuditOutcome>(audit.Outcome, "AUDIT_OUTCOME_"),
            AuditFindings = { Findings(audit) },
            AuditUndeterminedReason = audit?.UndeterminedReason ?? "",
        };
    }

    /// <summary>What other services need: no name, no passport hash, no code hash (DESIGN.md, point 5).</summary>
    public static ContractChanged ToEvent(this ContractRow row, ContractTerms terms, ContractChange change, DateTimeOffset now) => new()
    {
        ContractId = row.Id,
        Version = row.Version,
        Change = change,
        OccurredAt = now,
        Contract = new ContractSnapshot
        {
            ContractId = row.Id,
            Reference = row.Reference,
            AgencyId = row.AgencyId,
            OriginCountry = row.OriginCountry,
            DestinationCountry = row.DestinationCountry,
            Sector = row.Sector,
            WorkerSex = row.WorkerSex,
            Status = row.Status,
            SignedOn = terms.SignedOn,
            StartDate = terms.StartDate,
            MonthlyBasicWage = new EventMoney(terms.MonthlyBasicWage.Currency, terms.MonthlyBasicWage.Value),
            DurationMonths = terms.DurationMonths,
            Fees = terms.Fees.Select(ToEvent).ToList(),
            TermsFingerprint = row.TermsFingerprint,
            TermsVersion = row.TermsVersion,
            RegisteredAt = row.RegisteredAt,
            WorkerAgeAtSigning = AgeOn(row.WorkerDateOfBirth, terms.SignedOn),
            Isco08Code = terms.Isco08Code,
            WorkerDisability = row.WorkerDisability,
            OrientedOn = Orientations.OrientationRow.FromJson(row.Orientation)?.CompletedOn,
        },
    };

    /// <summary>Completed years of age on <paramref name="day"/>.</summary>
    public static int AgeOn(DateOnly bornOn, DateOnly day) =>
        day.Year - bornOn.Year - (bornOn.AddYears(day.Year - bornOn.Year) > day ? 1 : 0);
}
