using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.WorkerContracts.Model;

namespace RecruitRegistry.WorkerContracts.Access;

/// <summary>
/// Who may do what with contracts (the "Who may do what"): agencies register, amend and read their own; the
/// origin authority registers, amends, searches and terminates in its corridors; the destination authority endorses
/// and searches; auditors of either country read; workers reach only VerifyContract, CompareTerms, ReportFeesPaid and
/// ListWorkerCases, with their code. A caller who may read a contract but not do this to it is PERMISSION_DENIED; one who
/// may not even read it is answered NOT_FOUND, exactly as for an unknown id, so an outsider cannot learn which ids exist.
/// </summary>
internal static class ContractAccess
{
    public static void Register(Caller caller, Guid agencyId, string origin)
    {
        if (!caller.IsAgency(agencyId) && !caller.IsAuthorityOf(origin))
        {
            throw new Forbidden($"only the agency itself, or the authority of {origin} on a worker's behalf, may register its contracts");
        }
    }

    public static void Amend(Caller caller, ContractRow contract)
    {
        if (!caller.IsAgency(contract.AgencyId) && !caller.IsAuthorityOf(contract.OriginCountry))
        {
            throw new Forbidden($"only the registering agency or the authority of {contract.OriginCountry} may amend this contract");
        }
    }

    public static void Endorse(Caller caller, ContractRow contract)
    {
        if (!caller.IsAuthorityOf(contract.DestinationCountry))
        {
            throw new Forbidden($"only the authority of {contract.DestinationCountry} may endorse or reject this contract");
        }
    }

    public static void Terminate(Caller caller, ContractRow contract)
    {
        if (!caller.IsAuthorityOf(contract.OriginCountry))
        {
            throw new Forbidden($"only the authority of {contract.OriginCountry} may record the end of this contract");
        }
    }

    public static bool CanRead(Caller caller, ContractRow contract) =>
        caller.IsAgency(contract.AgencyId) || (caller.Role is CallerRole.Authority or CallerRole.Auditor && contract.HasParty(caller.Country));

    public static void Read(Caller caller, ContractRow contract)
    {
        if (!CanRead(caller, contract))
        {
            throw new NotFound("contract", contract.Id.ToString());
        }
    }

    /// <summary>Authorities and auditors of either country search a corridor.</summary>
    public static void SearchCorridor(Caller caller, string origin, string destination)
    {
        if (caller.Role is not (CallerRole.Authority or CallerRole.Auditor) || (caller.Country != origin && caller.Country != destination))
        {
            throw new Forbidden($"only the authorities and auditors of {origin} and {destination} may search its contracts");
        }
    }
}
