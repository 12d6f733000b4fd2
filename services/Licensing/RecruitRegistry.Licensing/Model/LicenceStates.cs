namespace RecruitRegistry.Licensing.Model;

/// <summary>The licence state machine: which decision may follow which state, and the state as of a date.</summary>
internal static class LicenceStates
{
    public const string Active = "ACTIVE";
    public const string Suspended = "SUSPENDED";
    public const string Revoked = "REVOKED";
    public const string Expired = "EXPIRED";

    public const string OriginLicence = "ORIGIN_LICENCE";
    public const string DestinationAccreditation = "DESTINATION_ACCREDITATION";

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

    /// <summary>
    /// The state on a given date: a licence past its validity is EXPIRED whether or not the sweep has recorded it, a
    /// suspension with an end date has lapsed after it, and REVOKED is final.
    /// </summary>
    public static string On(LicenceRow licence, DateOnly date)
    {
        if (licence.State == Revoked)
        {
            return Revoked;
        }

        if (date > licence.ValidUntil || licence.State == Expired)
        {
            return Expired;
        }

        if (licence.State == Suspended && licence.SuspendedUntil is { } until && date > until)
        {
            return Active;
        }

        return licence.State;
    }
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
