using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecruitRegistry.IntegrationEvents.Licensing;
using RecruitRegistry.Licensing.Model;
using RecruitRegistry.Platform.Errors;

namespace RecruitRegistry.Licensing.Licences;

/// <summary>
/// Records in the history what the calendar already decided: licences past their validity become EXPIRED, and
/// suspensions with an end date are lifted after it. Queries compute both as of any date anyway; the sweep makes them
/// decisions (actor "system") and publishes them, so replicas learn of them.
/// </summary>
internal sealed class LicenceSweep(LicensingDatabase database, LicenceCommands commands, IOptions<LicensingOptions> options, ILogger<LicenceSweep> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LicensingLog.SweepFailed(logger, ex, options.Value.SweepInterval);
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

    public async Task<(int Expired, int Lapsed)> SweepAsync(CancellationToken ct)
    {
        int expired = 0, lapsed = 0;
        List<LicenceRow> due;
        await using (var read = await database.BeginAsync(ct))
        {
            due = (await read.QueryAsync<LicenceRow>(SweepSql.Due, new { Today = LicenceCommands.Today(read) })).ToList();
        }

        foreach (var licence in due)
        {
            await using var work = await database.BeginAsync(ct);
            var today = LicenceCommands.Today(work);
            try
            {
                if (licence.ValidUntil < today)
                {
                    await commands.ApplyAsync(work, licence, Decisions.Expire, LicenceChange.Expired,
                        (l, _) => l with { State = LicenceStates.Expired }, LicenceCommands.SystemActor, null,
                        $"Validity ended on {licence.ValidUntil:yyyy-MM-dd}", "Terms of the licence (validity period)", fromRecordedState: true);
                    expired++;
                }
                else
                {
                    await commands.ApplyAsync(work, licence, Decisions.Reinstate, LicenceChange.Reinstated,
                        (l, _) => l with { State = LicenceStates.Active, SuspendedSince = null, SuspendedUntil = null },
                        LicenceCommands.SystemActor, null,
                        $"Suspension ended on {licence.SuspendedUntil:yyyy-MM-dd}", "Terms of the suspension decision", fromRecordedState: true);
                    lapsed++;
                }

                await work.CommitAsync();
            }
            catch (StaleVersion)
            {
                // Someone decided on it meanwhile: the next sweep looks again.
            }
        }

        if (expired + lapsed > 0)
        {
            LicensingLog.Swept(logger, expired, lapsed);
        }

        return (expired, lapsed);
    }
}

/// <summary>Sweep statements.</summary>
internal static class SweepSql
{
    // 'ACTIVE' and 'SUSPENDED' licences whose validity ended, or whose dated suspension is over.
    public const string Due = """
        SELECT * FROM licences
        WHERE (state IN ('ACTIVE', 'SUSPENDED') AND valid_until < @Today)
           OR (state = 'SUSPENDED' AND suspended_until IS NOT NULL AND suspended_until < @Today)
        """;
}
