using RecruitRegistry.IntegrationEvents;
using RecruitRegistry.IntegrationEvents.FeeAudits;

namespace RecruitRegistry.FeeAudits.Model;

/// <summary>The events FeeAudits publishes, built from its rows (on a change and when a corridor is republished).</summary>
internal static class Events
{
    public static ContractAudited ToEvent(this AuditRow audit, DateTimeOffset now) => new()
    {
        ContractId = audit.ContractId,
        ContractVersion = audit.ContractVersion,
        Version = audit.AuditVersion,
        Outcome = Enum.Parse<AuditOutcome>(audit.Outcome, ignoreCase: true),
        Findings = Mapping.FromJson<List<AuditFinding>>(audit.Findings),
        UndeterminedReason = audit.UndeterminedReason,
        OriginCountry = audit.OriginCountry,
        DestinationCountry = audit.DestinationCountry,
        OccurredAt = now,
    };

    public static CaseChanged ToEvent(this CaseRow c, RefundRow? refund, DateTimeOffset now) => new()
    {
        CaseId = c.Id, Version = c.Version, ContractId = c.ContractId, AgencyId = c.AgencyId, OriginCountry = c.OriginCountry,
        DestinationCountry = c.DestinationCountry, OpenedBy = c.OpenedBy, State = c.State, Excess = c.Excess,
        Refund = refund is null ? null : new RefundSnapshot(refund.Id, new EventMoney(refund.Currency, refund.Amount), refund.DueOn, refund.State),
        OpenedAt = c.OpenedAt, OccurredAt = now,
    };

    public static FeeViolationChanged ToViolationEvent(this CaseRow c, FeeViolationStatus status, DateTimeOffset now) => new()
    {
        CaseId = c.Id, Version = c.Version, Status = status, AgencyId = c.AgencyId, ContractId = c.ContractId,
        OriginCountry = c.OriginCountry, DestinationCountry = c.DestinationCountry, Excess = c.Excess!,
        ConfirmedAt = c.ConfirmedAt!.Value, OccurredAt = now,
    };
}
