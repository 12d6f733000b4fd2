using Grpc.Core;
using Grpc.Net.Client;
using RecruitRegistry.Ctl.Consistency;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Testing;
using AuditsApi = RecruitRegistry.Contracts.FeeAudits.V1;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;
using LicensingApi = RecruitRegistry.Contracts.Licensing.V1;

namespace RecruitRegistry.EndToEnd;

/// <summary>
/// The three services as a caller sees them, whichever way they run: a client for each, and bearer tokens for each
/// role signed with the key the services were started with.
/// </summary>
public abstract class RecruitSystem(GrpcChannel licensing, GrpcChannel contracts, GrpcChannel audits, string signingKey) : IRecruitRegistry
{
    public LicensingApi.Licensing.LicensingClient Licensing { get; } = new(licensing);

    public ContractsApi.WorkerContracts.WorkerContractsClient Contracts { get; } = new(contracts);

    public AuditsApi.FeeAudits.FeeAuditsClient Audits { get; } = new(audits);

    public AuditsApi.Grievances.GrievancesClient Grievances { get; } = new(audits);

    public CallOptions As(string role, string? country = null, Guid? agencyId = null) =>
        new(new Metadata { { "authorization", "Bearer " + TokenFactory.Create(new AuthOptions { SigningKey = signingKey }, role, country, agencyId, lifetime: TimeSpan.FromHours(2)) } });

    public CallOptions Authority(string country) => As(Roles.Authority, country);

    public CallOptions Auditor(string country) => As(Roles.Auditor, country);

    public CallOptions Agency(string agencyId) => As(Roles.Agency, agencyId: Guid.Parse(agencyId));

    Task IRecruitRegistry.CaughtUpAsync(string origin, string destination) => ConvergedAsync(origin, destination, TimeSpan.FromSeconds(30));

    public CorridorChecker Checker(string authorityCountry = "NP") => new(Licensing, Contracts, Audits, Authority(authorityCountry));

    /// <summary>Waits until every replica of the corridor equals its owner, kind by kind; returns how long that took.</summary>
    public async Task<TimeSpan> ConvergedAsync(string origin, string destination, TimeSpan deadline)
    {
        var started = DateTime.UtcNow;
        await Eventually.Until(
            async () => string.Join("; ", (await Checker().CompareAsync(origin, destination)).Where(k => !k.Agrees)),
            differing => differing.Length == 0,
            deadline,
            $"the {origin}-{destination} digests of the three services to agree");
        return DateTime.UtcNow - started;
    }
}
