using Grpc.Net.ClientFactory;
using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.AuthorityConsole;

/// <summary>The three services as the console calls them: named clients, each call with the officer's token.</summary>
public sealed class Services(GrpcClientFactory factory)
{
    public Licensing.LicensingClient Licensing { get; } = factory.CreateClient<Licensing.LicensingClient>("console-licensing");

    public WorkerContracts.WorkerContractsClient Contracts { get; } = factory.CreateClient<WorkerContracts.WorkerContractsClient>("console-contracts");

    public FeeAudits.FeeAuditsClient Audits { get; } = factory.CreateClient<FeeAudits.FeeAuditsClient>("console-feeaudits");

    public Grievances.GrievancesClient Grievances { get; } = factory.CreateClient<Grievances.GrievancesClient>("console-grievances");
}
