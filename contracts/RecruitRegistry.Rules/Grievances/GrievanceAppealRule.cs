namespace RecruitRegistry.Rules.Grievances;

/// <summary>
/// When a grievance's decision may be appealed: a resolution or a dismissal, once, until its appeal deadline. FeeAudits
/// applies it to its grievances, WorkerContracts to what FeeAudits last published of them, so both refuse in the same
/// words and codes (ALREADY_APPEALED, APPEAL_WINDOW_CLOSED, or the state the grievance is in).
/// </summary>
public static class GrievanceAppealRule
{
    public const string Resolved = "RESOLVED";
    public const string Dismissed = "DISMISSED";

    /// <summary>Why the grievance (<paramref name="subject"/> in the message) may not be appealed on <paramref name="day"/>, or null.</summary>
    public static (string Message, string Code)? WhyNot(string subject, string state, bool appealed, DateOnly? deadline, DateOnly day) =>
        appealed ? ($"{subject} was appealed already: a decision is appealed once", "ALREADY_APPEALED")
        : state is not (Resolved or Dismissed) ? ($"only a resolution or a dismissal is appealed; {subject} is {state}", state)
        : deadline is { } last && day > last ? ($"the appeal window of {subject} closed on {last:yyyy-MM-dd}", "APPEAL_WINDOW_CLOSED")
        : null;
}
