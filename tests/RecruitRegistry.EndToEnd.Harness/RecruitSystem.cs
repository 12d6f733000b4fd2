using Grpc.Core;
using AuditsApi = RecruitRegistry.Contracts.FeeAudits.V1;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;
using LicensingApi = RecruitRegistry.Contracts.Licensing.V1;

namespace RecruitRegistry.EndToEnd;

/// <summary>The three services as a caller sees them, whichever way they run: clients, and tokens for each role.</summary>
public interface IRecruitSystem
{
    LicensingApi.Licensing.LicensingClient Licensing { get; }

    ContractsApi.WorkerContracts.WorkerContractsClient Contracts { get; }

    AuditsApi.FeeAudits.FeeAuditsClient Audits { get; }

    CallOptions Authority(string country);

    CallOptions Auditor(string country);

    CallOptions Agency(string agencyId);
}
