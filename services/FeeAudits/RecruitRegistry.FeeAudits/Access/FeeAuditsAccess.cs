using RecruitRegistry.FeeAudits.Grievances;
using RecruitRegistry.FeeAudits.Model;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Platform.Validation;

namespace RecruitRegistry.FeeAudits.Access;

/// <summary>
/// Who may do what in FeeAudits (the "Who may do what"): auditors of a corridor's origin or destination
/// country manage its policies, rates and cases; authorities of either country read; an agency reads its own cases and
/// audits and appeals its confirmed cases. Grievances are the authorities' to file on a worker's behalf and to decide
/// (the authority a kind names starts the review); auditors read them; agencies never see them, since a complaint can
/// draw retaliation. Workers reach FeeAudits only through WorkerContracts' events. A caller who
/// may read a contract or case but not do this to it is PERMISSION_DENIED; one who may not even read it is answered
/// NOT_FOUND, exactly as for an unknown id, so an outsider cannot learn which ids exist.
/// </summary>
internal static class FeeAuditsAccess
{
    private static bool IsParty(Caller caller, string origin, string destination) =>
        caller.Country == origin || caller.Country == destination;

    public static void ManageCorridor(Caller caller, string origin, string destination, string what)
    {
        if (caller.Role != CallerRole.Auditor || !IsParty(caller, origin, destination))
        {
            throw new Forbidden($"only the auditors of {origin} and {destination} may {what}");
        }
    }

    public static bool CanReadCorridor(Caller caller, string origin, string destination) =>
        caller.Role is CallerRole.Auditor or CallerRole.Authority && IsParty(caller, origin, destination);

    public static void ReadCorridor(Caller caller, string origin, string destination, string what)
    {
        if (!CanReadCorridor(caller, origin, destination))
        {
            throw new Forbidden($"only the authorities and auditors of {origin} and {destination} may read {what}");
        }
    }

    /// <summary>An auditor sets rates of pairs with their own country's currency (Qatar's auditors: QAR→NPR, USD→QAR).</summary>
    public static void SetRate(Caller caller, string baseCurrency, string quoteCurrency)
    {
        var own = caller.Role == CallerRole.Auditor && caller.Country is { } country ? IsoCodes.CurrencyOf(country) : null;
        if (own is null || (own != baseCurrency && own != quoteCurrency))
        {
            throw new Forbidden("only an auditor whose country uses one of the two currencies may set their rate");
        }
    }

    /// <summary>The agency itself, or the authorities and auditors of the corridor.</summary>
    public static bool CanReadOwn(Caller caller, Guid agencyId, string origin, string destination) =>
        caller.IsAgency(agencyId) || (caller.Role is CallerRole.Auditor or CallerRole.Authority && IsParty(caller, origin, destination));

    /// <summary>NOT_FOUND for <paramref name="entity"/> <paramref name="id"/> unless the caller may read it.</summary>
    public static void ReadOwn(Caller caller, Guid agencyId, string origin, string destination, string entity, Guid id)
    {
        if (!CanReadOwn(caller, agencyId, origin, destination))
        {
            throw new NotFound(entity, id.ToString());
        }
    }

    public static void ReadCase(Caller caller, CaseRow c, string entity, Guid id) =>
        ReadOwn(caller, c.AgencyId, c.OriginCountry, c.DestinationCountry, entity, id);

    public static void ManageCase(Caller caller, CaseRow c) =>
        ManageCorridor(caller, c.OriginCountry, c.DestinationCountry, "decide this case");

    public static void Appeal(Caller caller, CaseRow c)
    {
        if (!caller.IsAgency(c.AgencyId))
        {
            throw new Forbidden("only the agency the case is about may appeal its confirmation");
        }
    }

    /// <summary>Only an authority files for a worker (refused before anything is looked up, so it reveals nothing).</summary>
    public static void FileGrievance(Caller caller)
    {
        if (caller.Role != CallerRole.Authority)
        {
            throw new Forbidden("only an authority files a grievance on a worker's behalf; workers file theirs through WorkerContracts");
        }
    }

    /// <summary>The authorities and auditors of the corridor; nobody else learns that a grievance exists.</summary>
    public static bool CanReadGrievances(Caller caller, string origin, string destination) => CanReadCorridor(caller, origin, destination);

    public static void DecideGrievance(Caller caller, GrievanceRow g)
    {
        if (caller.Role != CallerRole.Authority)
        {
            throw new Forbidden($"only the authorities of {g.OriginCountry} and {g.DestinationCountry} decide grievances");
        }
    }

    /// <summary>
    /// Who appeals a grievance's decision for <paramref name="caller"/>: the agency a founded resolution of a grievance
    /// about it; an authority of the corridor, for the worker, anything else (a founded resolution is refused it); null
    /// for anyone else, who is not told the grievance exists.
    /// </summary>
    public static string? GrievanceAppellant(Caller caller, GrievanceRow g)
    {
        var foundedResolution = g is { Founded: true } && (g.State == GrievanceStates.Resolved || g.AppealedFrom == GrievanceStates.Resolved);
        if (caller.IsAgency(g.AgencyId))
        {
            return foundedResolution ? GrievanceFilers.Agency : null;
        }

        if (caller.IsAuthorityOf(g.OriginCountry) || caller.IsAuthorityOf(g.DestinationCountry))
        {
            return foundedResolution
                ? throw new Forbidden("a founded resolution is the agency's to appeal; an authority appeals for the worker")
                : GrievanceFilers.Authority;
        }

        return null;
    }

    /// <summary>The authority the grievance's kind names acts first: it starts the review (the other then joins).</summary>
    public static void StartGrievanceReview(Caller caller, GrievanceRow g)
    {
        if (!caller.IsAuthorityOf(g.ActingFirstCountry))
        {
            throw new Forbidden($"the authority of {g.ActingFirstCountry} acts first on a grievance of kind {g.Kind}: it starts the review");
        }
    }
}
