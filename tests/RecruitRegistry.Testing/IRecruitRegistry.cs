using Grpc.Core;
using AuditsApi = RecruitRegistry.Contracts.FeeAudits.V1;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;
using LicensingApi = RecruitRegistry.Contracts.Licensing.V1;

namespace RecruitRegistry.Testing;

/// <summary>
/// The services as a caller sees them, however a test runs them (in process, as separate processes, standalone): a
/// client for each, tokens for each role signed with the key the services trust, and a way to wait until the
/// replicas of a corridor have caught up with their owners. <see cref="CorridorScenario"/> builds on it.
/// </summary>
public interface IRecruitRegistry
{
    LicensingApi.Licensing.LicensingClient Licensing { get; }

    ContractsApi.WorkerContracts.WorkerContractsClient Contracts { get; }

    AuditsApi.FeeAudits.FeeAuditsClient Audits { get; }

    AuditsApi.Grievances.GrievancesClient Grievances { get; }

    CallOptions Authority(string country);

    CallOptions Auditor(string country);

    CallOptions Agency(string agencyId);

    /// <summary>Waits until every replica of the corridor that this setup runs equals its owner.</summary>
    Task CaughtUpAsync(string origin, string destination);
}
