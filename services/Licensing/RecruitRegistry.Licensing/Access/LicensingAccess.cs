using RecruitRegistry.Licensing.Model;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;

namespace RecruitRegistry.Licensing.Access;

/// <summary>
/// Who may do what in Licensing (the "Who may do what"). An authority acts for its own country; an auditor
/// reads what concerns its country; an agency reads its own record and appeals. Everything else is PERMISSION_DENIED.
/// </summary>
internal static class LicensingAccess
{
    public static void AuthorityOf(Caller caller, string country, string action)
    {
        if (!caller.IsAuthorityOf(country))
        {
            throw new Forbidden($"only the authority of {country} may {action}");
        }
    }

    public static void PartyAuthority(Caller caller, CorridorRow corridor, string action)
    {
        if (caller.Role != CallerRole.Authority || !corridor.HasParty(caller.Country))
        {
            throw new Forbidden($"only the authorities of {corridor.OriginCountry} and {corridor.DestinationCountry} may {action}");
        }
    }

    /// <summary>Authorities and auditors of either party read a corridor.</summary>
    public static void ReadCorridor(Caller caller, CorridorRow corridor)
    {
        if (caller.Role is not (CallerRole.Authority or CallerRole.Auditor) || !corridor.HasParty(caller.Country))
        {
            throw new Forbidden("only the authorities and auditors of the corridor's countries may read it");
        }
    }

    /// <summary>
    /// An agency's record: the agency itself, and authorities and auditors of its country or of a country it shares a
    /// corridor with (the destination side accredits and audits it).
    /// </summary>
    public static void ReadAgency(Caller caller, AgencyRow agency, IEnumerable<CorridorRow> corridorsOfItsCountry)
    {
        if (caller.IsAgency(agency.Id))
        {
            return;
        }

        if (caller.Role is CallerRole.Authority or CallerRole.Auditor
            && (caller.Country == agency.Country || corridorsOfItsCountry.Any(c => c.HasParty(caller.Country))))
        {
            return;
        }

        throw new Forbidden("only the agency, and the authorities and auditors of its corridors, may read this record");
    }
}
