using Microsoft.Extensions.Options;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Messaging;

namespace RecruitRegistry.FeeAudits;

/// <summary>The FeeAudits service's own database; no other service is given it.</summary>
public sealed class FeeAuditsDatabase(IOptions<FeeAuditsOptions> options, OutboxMessageTypes messageTypes, TimeProvider clock)
    : ServiceDatabase(FeeAuditsService.Name, options.Value.Database, messageTypes, clock);
