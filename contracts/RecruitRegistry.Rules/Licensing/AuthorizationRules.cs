using System.Globalization;

using RecruitRegistry.IntegrationEvents.Licensing;

namespace RecruitRegistry.Rules.Licensing;

/// <summary>The answer to "may this agency recruit here, on this date", with every reason for or against.</summary>
public sealed record AuthorizationDecision(bool Authorized, IReadOnlyList<string> Reasons);

/// <summary>
/// What Licensing's snapshots mean for recruitment: the licence state on a date, and whether an agency may recruit
/// in a corridor and sector on a date. Licensing answers CheckAuthorization with it from its own rows; WorkerContracts
/// authorises a registration with it from its replica, so both give a refusal in the same words.
/// </summary>
public static class AuthorizationRules
{
    public const string Active = "ACTIVE";
    public const string Suspended = "SUSPENDED";
    public const string Revoked = "REVOKED";
    public const string Expired = "EXPIRED";

    public const string OriginLicence = "ORIGIN_LICENCE";
    public const string DestinationAccreditation = "DESTINATION_ACCREDITATION";

    public const string CorridorOpen = "OPEN";

    /// <summary>
    /// The state on a given date: a licence past its validity is EXPIRED whether or not the sweep has recorded it, a
    /// suspension with an end date has lapsed after it, and REVOKED is final.
    /// </summary>
    public static string LicenceStateOn(string recordedState, DateOnly validUntil, DateOnly? suspendedUntil, DateOnly date)
    {
        if (recordedState == Revoked)
        {
            return Revoked;
        }

        if (date > validUntil || recordedState == Expired)
        {
            return Expired;
        }

        if (recordedState == Suspended && suspendedUntil is { } until && date > until)
        {
            return Active;
        }

        return recordedState;
    }

    public static string StateOn(this LicenceSnapshot licence, DateOnly date) =>
        LicenceStateOn(licence.State, licence.ValidUntil, licence.SuspendedUntil, date);

    /// <summary>Every reason for or against, in the order a worker would read them.</summary>
    public static AuthorizationDecision Decide(
        AgencySnapshot agency,
        CorridorSnapshot? corridor,
        IReadOnlyList<LicenceSnapshot> licences,
        string origin,
        string destination,
        string sector,
        DateOnly on)
    {
        var against = new List<string>();
        var inFavour = new List<string>();
        var day = on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        if (agency.Country != origin)
        {
            against.Add($"{agency.LegalName} is registered in {agency.Country}, not in the origin country {origin}");
        }

        if (corridor is null)
        {
            against.Add($"there is no {origin}→{destination} corridor");
        }
        else
        {
            if (corridor.State != CorridorOpen)
            {
                against.Add($"the {origin}→{destination} corridor is {corridor.State}");
            }

            if (!corridor.Sectors.Contains(sector))
            {
                against.Add($"the {origin}→{destination} corridor does not cover {sector}");
            }
        }

        var accreditationRequired = corridor?.DestinationAccreditationRequired == true;
        Check(licences.Where(l => l.Kind == OriginLicence && l.IssuingCountry == origin).ToList(),
            $"origin licence from {origin}", required: true, missing: $"no origin licence from {origin}");
        Check(licences.Where(l => l.Kind == DestinationAccreditation && l.IssuingCountry == destination).ToList(),
            $"accreditation from {destination}", required: accreditationRequired,
            missing: $"no accreditation from {destination} although the {origin}→{destination} corridor requires one");

        return against.Count == 0 ? new AuthorizationDecision(true, inFavour) : new AuthorizationDecision(false, against);

        void Check(List<LicenceSnapshot> candidates, string what, bool required, string missing)
        {
            if (candidates.Count == 0)
            {
                if (required)
                {
                    against.Add(missing);
                }

                return;
            }

            var problems = new List<string>();
            foreach (var l in candidates)
            {
                var state = l.StateOn(on);
                var issues = new List<string>();
                if (on < l.ValidFrom)
                {
                    issues.Add($"is valid only from {l.ValidFrom:yyyy-MM-dd}");
                }

                if (state == Suspended)
                {
                    issues.Add(l.SuspendedSince is { } since ? $"is SUSPENDED since {since:yyyy-MM-dd}" : "is SUSPENDED");
                }
                else if (state == Expired)
                {
                    issues.Add($"EXPIRED on {l.ValidUntil:yyyy-MM-dd}");
                }
                else if (state == Revoked)
                {
                    issues.Add("is REVOKED");
                }

                if (!l.DestinationCountries.Contains(destination))
                {
                    issues.Add($"does not cover {destination}");
                }

                if (!l.Sectors.Contains(sector))
                {
                    issues.Add($"does not cover {sector}");
                }

                if (issues.Count == 0)
                {
                    inFavour.Add($"{what} {l.Number} is ACTIVE on {day}, valid until {l.ValidUntil:yyyy-MM-dd}");
                    return;
                }

                problems.Add($"{what} {l.Number} {string.Join(" and ", issues)}");
            }

            if (required)
            {
                against.AddRange(problems);
            }
        }
    }
}
