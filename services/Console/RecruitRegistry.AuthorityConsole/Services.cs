using RecruitRegistry.Contracts.FeeAudits.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.AuthorityConsole;

/// <summary>The three services as a page calls them, on the console's channels (each call with the officer's token).</summary>
public sealed class Services(ConsoleChannels channels)
{
    public Licensing.LicensingClient Licensing { get; } = new(channels.Licensing);

    public WorkerContracts.WorkerContractsClient Contracts { get; } = new(channels.WorkerContracts);

    public FeeAudits.FeeAuditsClient Audits { get; } = new(channels.FeeAudits);

    public Grievances.GrievancesClient Grievances { get; } = new(channels.FeeAudits);
}
