using Microsoft.Extensions.Options;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Messaging;

namespace RecruitRegistry.WorkerContracts;

/// <summary>The WorkerContracts service's own database; no other service is given it.</summary>
public sealed class WorkerContractsDatabase(IOptions<WorkerContractsOptions> options, OutboxMessageTypes messageTypes, TimeProvider clock)
    : ServiceDatabase(WorkerContractsService.Name, options.Value.Database, messageTypes, clock);
