using Microsoft.Extensions.Logging;

namespace RecruitRegistry.Licensing;

/// <summary>Licensing's log events.</summary>
internal static partial class LicensingLog
{
    [LoggerMessage(101, LogLevel.Information, "Licence {LicenceId} of agency {AgencyId} suspended automatically after {Violations} confirmed fee violations")]
    public static partial void AutomaticallySuspended(ILogger logger, Guid licenceId, Guid agencyId, int violations);

    [LoggerMessage(104, LogLevel.Information, "Licence {LicenceId} of agency {AgencyId} reinstated automatically: case {CaseId} was overturned on appeal")]
    public static partial void AutomaticallyReinstated(ILogger logger, Guid licenceId, Guid agencyId, Guid caseId);

    [LoggerMessage(102, LogLevel.Information, "Sweep recorded {Expired} expiries and {Lapsed} lapsed suspensions")]
    public static partial void Swept(ILogger logger, int expired, int lapsed);

    [LoggerMessage(103, LogLevel.Warning, "The licence sweep failed; it runs again in {Interval}")]
    public static partial void SweepFailed(ILogger logger, Exception exception, TimeSpan interval);
}
