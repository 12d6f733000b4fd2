using Microsoft.Extensions.Options;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Messaging;

namespace RecruitRegistry.Licensing;

/// <summary>The Licensing service's own database; no other service is given it.</summary>
public sealed class LicensingDatabase(IOptions<LicensingOptions> options, OutboxMessageTypes messageTypes, TimeProvider clock)
    : ServiceDatabase(LicensingService.Name, options.Value.Database, messageTypes, clock);
