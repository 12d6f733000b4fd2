using RecruitRegistry.Rules.Licensing;

namespace RecruitRegistry.Licensing.Model;

/// <summary>The licence state machine: which decision may follow which state, and the state as of a date.</summary>
internal static class LicenceStates
{
    public const string Active = AuthorizationRules.Active;
    public const string Suspended = AuthorizationRules.Suspended;
    public const string Revoked = AuthorizationRules.Revoked;
    public const string Expired = AuthorizationRules.Expired;

    public const string OriginLicence = AuthorizationRules.OriginLicence;
    public const string DestinationAccreditation = AuthorizationRules.DestinationAccreditation;

    /// <summary>The states a decision may be taken from; anything else is FAILED_PRECONDITION.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> AllowedFrom = new Dictionary<string, string[]>
    {
        [Decisions.Renew] = [Active, Expired],
        [Decisions.Amend] = [Active, Suspended],
        [Decisions.Suspend] = [Active],
        [Decisions.Reinstate] = [Suspended],
        [Decisions.Revoke] = [Active, Suspended, Expired],
        [Decisions.Expire] = [Active, Suspended],
    };

    /// <summary>The state on a given date (<see cref="AuthorizationRules.LicenceStateOn"/>).</summary>
    public static string On(LicenceRow licence, DateOnly date) =>
        AuthorizationRules.LicenceStateOn(licence.State, licence.ValidUntil, licence.SuspendedUntil, date);
}

/// <summary>Kinds of licence decisions, as stored and as published.</summary>
internal static class Decisions
{
    public const string Issue = "ISSUE";
    public const string Renew = "RENEW";
    public const string Amend = "AMEND";
    public const string Suspend = "SUSPEND";
    public const string Reinstate = "REINSTATE";
    public const string Revoke = "REVOKE";
    public const string Expire = "EXPIRE";
    public const string AppealFiled = "APPEAL_FILED";
    public const string AppealUpheld = "APPEAL_UPHELD";
    public const string AppealOverturned = "APPEAL_OVERTURNED";

    /// <summary>Decisions against the agency, which it may appeal.</summary>
    public static readonly IReadOnlySet<string> Adverse = new HashSet<string> { Suspend, Revoke, Amend };
}

/// <summary>Corridor states.</summary>
internal static class CorridorStates
{
    public const string Proposed = "PROPOSED";
    public const string Open = "OPEN";
    public const string Suspended = "SUSPENDED";
    public const string Closed = "CLOSED";
}
