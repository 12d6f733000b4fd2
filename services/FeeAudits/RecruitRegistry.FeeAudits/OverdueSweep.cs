using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecruitRegistry.FeeAudits.Cases;
using RecruitRegistry.FeeAudits.Grievances;

namespace RecruitRegistry.FeeAudits;

/// <summary>
/// Marks what is past its due day OVERDUE, every <see cref="FeeAuditsOptions.SweepInterval"/>: refunds of confirmed fee
/// cases and the outcomes resolved grievances ordered.
/// </summary>
internal sealed partial class OverdueSweep(
    RefundCommands refunds, GrievanceOutcomes outcomes, FeeAuditsDatabase database, IOptions<FeeAuditsOptions> options, ILogger<OverdueSweep> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var (swept, sweptOutcomes) = (await refunds.SweepOverdueAsync(stoppingToken), await outcomes.SweepOverdueAsync(stoppingToken));
                if (swept + sweptOutcomes > 0)
                {
                    Swept(logger, swept, sweptOutcomes);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                SweepFailed(logger, ex, options.Value.SweepInterval);
            }

            try
            {
                await Task.Delay(options.Value.SweepInterval, database.Clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Refunds} refund(s) and {Outcomes} grievance outcome(s) marked overdue")]
    private static partial void Swept(ILogger logger, int refunds, int outcomes);

    [LoggerMessage(Level = LogLevel.Error, Message = "The overdue sweep failed; it runs again in {Interval}")]
    private static partial void SweepFailed(ILogger logger, Exception exception, TimeSpan interval);
}
