using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RecruitRegistry.FeeAudits.Cases;

/// <summary>Marks refunds past their due day OVERDUE, every <see cref="FeeAuditsOptions.SweepInterval"/>.</summary>
internal sealed partial class RefundSweep(RefundCommands refunds, FeeAuditsDatabase database, IOptions<FeeAuditsOptions> options, ILogger<RefundSweep> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var swept = await refunds.SweepOverdueAsync(stoppingToken);
                if (swept > 0)
                {
                    Swept(logger, swept);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} refund(s) marked overdue")]
    private static partial void Swept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The refund sweep failed; it runs again in {Interval}")]
    private static partial void SweepFailed(ILogger logger, Exception exception, TimeSpan interval);
}
