using RecruitRegistry.Licensing.Model;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;

namespace RecruitRegistry.Licensing.Access;

/// <summary>
/// Who may do what in Licensing (docs/security.md). An authority acts for its own country; an auditor reads what
/// concerns its country; an agency reads its own record and appeals. A caller who may read a record but not do this to
/// it is PERMISSION_DENIED; one who may not even read it is answered NOT_FOUND, exactly as for an unknown id, so an
/// outsider cannot learn which ids exist.
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
    public static bool CanReadCorridor(Caller caller, CorridorRow corridor) =>
        caller.Role is CallerRole.Authority or CallerRole.Auditor && corridor.HasParty(caller.Country);

    public static void ReadCorridor(Caller caller, CorridorRow corridor)
    {
        if (!CanReadCorridor(caller, corridor))
        {
            throw Hidden("corridor", corridor.Id);
        }
    }

    /// <summary>
    /// An agency's record (with its licences, decisions and appeals): the agency itself, and authorities and auditors of
    /// its country or of a country it shares a corridor with (the destination side accredits and audits it).
    /// </summary>
    public static bool CanReadAgency(Caller caller, AgencyRow agency, IEnumerable<CorridorRow> corridorsOfItsCountry) =>
        caller.IsAgency(agency.Id)
        || (caller.Role is CallerRole.Authority or CallerRole.Auditor
            && (caller.Country == agency.Country || corridorsOfItsCountry.Any(c => c.HasParty(caller.Country))));

    /// <summary>The answer to a caller outside a record's scope: the very answer to an id that does not exist.</summary>
    public static NotFound Hidden(string entity, Guid id) => new(entity, id.ToString());
}
