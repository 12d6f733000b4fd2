namespace RecruitRegistry.FeeAudits.Cases;

/// <summary>Case states, decision kinds and how cases are opened, as stored (the proto names without prefix).</summary>
internal static class CaseStates
{
    public const string Open = "OPEN";
    public const string UnderReview = "UNDER_REVIEW";
    public const string Confirmed = "CONFIRMED";
    public const string Dismissed = "DISMISSED";
    public const string Appealed = "APPEALED";
    public const string AppealUpheld = "APPEAL_UPHELD";
    public const string AppealOverturned = "APPEAL_OVERTURNED";

    /// <summary>States in which the violation stands confirmed (Licensing counts it).</summary>
    public static readonly IReadOnlySet<string> ViolationStands = new HashSet<string> { Confirmed, Appealed, AppealUpheld };
}

internal static class CaseOrigins
{
    public const string AutomaticAudit = "AUTOMATIC_AUDIT";
    public const string Auditor = "AUDITOR";
    public const string WorkerReport = "WORKER_REPORT";
    public const string SubstitutionReport = "SUBSTITUTION_REPORT";
}

internal static class CaseDecisions
{
    public const string Opened = "OPENED";
    public const string Assigned = "ASSIGNED";
    public const string Confirmed = "CONFIRMED";
    public const string Dismissed = "DISMISSED";
    public const string Appealed = "APPEALED";
    public const string AppealUpheld = "APPEAL_UPHELD";
    public const string AppealOverturned = "APPEAL_OVERTURNED";
    public const string RefundPaid = "REFUND_PAID";
    public const string RefundOverdue = "REFUND_OVERDUE";
}

internal static class RefundStates
{
    public const string Ordered = "ORDERED";
    public const string Paid = "PAID";
    public const string Overdue = "OVERDUE";
    public const string Cancelled = "CANCELLED";
}
