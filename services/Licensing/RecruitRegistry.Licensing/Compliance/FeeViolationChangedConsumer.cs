using Microsoft.Extensions.Logging;
using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.IntegrationEvents.Licensing;
using RecruitRegistry.Licensing.Corridors;
using RecruitRegistry.Licensing.Licences;
using RecruitRegistry.Licensing.Model;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Messaging;

namespace RecruitRegistry.Licensing.Compliance;

/// <summary>
/// Keeps each agency's compliance record from FeeAudits' events (one versioned row per case, so a duplicate or an
/// older event changes nothing) and, when confirmed violations in a corridor's window reach its threshold, suspends
/// the agency's origin licences: actor "system", the cases cited, appealable like any decision. When a case is
/// overturned on appeal and the count falls back below the threshold, a licence whose standing suspension is that
/// automatic one is reinstated by the system, citing the overturned case; a suspension an authority decided stays.
/// </summary>
internal sealed class FeeViolationChangedConsumer(LicensingDatabase database, LicenceCommands licences, ILogger<FeeViolationChangedConsumer> logger)
    : InboxConsumer<FeeViolationChanged, LicensingDatabase>(database)
{
    protected override string ConsumerName => "licensing.fee-violation-changed";

    protected override async Task ApplyAsync(MassTransit.ConsumeContext<FeeViolationChanged> context, UnitOfWork work)
    {
        var e = context.Message;
        // Confirmations of one agency's cases arrive side by side: each counts the others only once they commit, so
        // two at once would both count short of the threshold. The agency's row serializes them.
        await work.QuerySingleOrDefaultAsync<Guid?>(ComplianceSql.LockAgency(work.Dialect), new { e.AgencyId });
        var applied = await work.ExecuteAsync(ComplianceSql.Upsert, new
        {
            e.CaseId,
            e.AgencyId,
            e.OriginCountry,
            e.DestinationCountry,
            Status = e.Status.ToString(),
            e.ConfirmedAt,
            e.Version,
        });
        if (applied == 0 || e.Status == FeeViolationStatus.RefundOverdue)
        {
            return;
        }

        var corridor = await work.QuerySingleOrDefaultAsync<CorridorRow>(CorridorSql.ByCountries, new { Origin = e.OriginCountry, Destination = e.DestinationCountry });
        if (corridor is null)
        {
            return;
        }

        var since = work.Now.AddMonths(-corridor.SuspensionWindowMonths);
        var cases = (await work.QueryAsync<Guid>(ComplianceSql.ConfirmedCases, new
        {
            e.AgencyId, Origin = e.OriginCountry, Destination = e.DestinationCountry, Since = since,
        })).ToList();
        var today = LicenceCommands.Today(work);
        var originLicences = (await work.QueryAsync<LicenceRow>(LicenceSql.OfAgency, new { e.AgencyId }))
            .Where(l => l.Kind == LicenceStates.OriginLicence && l.IssuingCountry == e.OriginCountry)
            .ToList();
        if (e.Status == FeeViolationStatus.OverturnedOnAppeal)
        {
            if (cases.Count < corridor.SuspensionThreshold)
            {
                await ReinstateAutomaticSuspensionsAsync(work, e, corridor, cases.Count, originLicences, today);
            }

            return;
        }

        if (cases.Count < corridor.SuspensionThreshold)
        {
            return;
        }

        foreach (var licence in originLicences.Where(l => LicenceStates.On(l, today) == LicenceStates.Active))
        {
            await licences.ApplyAsync(work, licence, Decisions.Suspend, LicenceChange.Suspended,
                (l, day) => l with { State = LicenceStates.Suspended, SuspendedSince = day, SuspendedUntil = null },
                LicenceCommands.SystemActor,
                null,
                $"Automatic suspension: {cases.Count} confirmed fee violations in {corridor.SuspensionWindowMonths} months in the {CorridorQueries.Name(corridor)} corridor (cases {string.Join(", ", cases)})",
                $"Compliance threshold of the {CorridorQueries.Name(corridor)} corridor ({corridor.SuspensionThreshold} in {corridor.SuspensionWindowMonths} months; agreement {corridor.BilateralAgreementReference})");
            LicensingLog.AutomaticallySuspended(logger, licence.Id, e.AgencyId, cases.Count);
        }
    }

    private async Task ReinstateAutomaticSuspensionsAsync(
        UnitOfWork work, FeeViolationChanged e, CorridorRow corridor, int confirmed, IEnumerable<LicenceRow> originLicences, DateOnly today)
    {
        foreach (var licence in originLicences.Where(l => LicenceStates.On(l, today) == LicenceStates.Suspended))
        {
            var standing = await work.QuerySingleOrDefaultAsync<StandingDecision>(ComplianceSql.StandingDecision, new { LicenceId = licence.Id });
            if (standing is not { Kind: Decisions.Suspend, Actor: LicenceCommands.SystemActor })
            {
                continue; // suspended by an authority, or reinstated already: not the system's to lift
            }

            await licences.ApplyAsync(work, licence, Decisions.Reinstate, LicenceChange.Reinstated,
                (l, _) => l with { State = LicenceStates.Active, SuspendedSince = null, SuspendedUntil = null },
                LicenceCommands.SystemActor,
                null,
                $"Automatic reinstatement: case {e.CaseId} overturned on appeal; {confirmed} confirmed fee violations remain in {corridor.SuspensionWindowMonths} months in the {CorridorQueries.Name(corridor)} corridor",
                $"Compliance threshold of the {CorridorQueries.Name(corridor)} corridor ({corridor.SuspensionThreshold} in {corridor.SuspensionWindowMonths} months; agreement {corridor.BilateralAgreementReference})");
            LicensingLog.AutomaticallyReinstated(logger, licence.Id, e.AgencyId, e.CaseId);
        }
    }

    private sealed record StandingDecision(string Kind, string Actor);
}

/// <summary>Compliance record statements.</summary>
internal static class ComplianceSql
{
    public const string Upsert = """
        INSERT INTO fee_violations (case_id, agency_id, origin_country, destination_country, status, confirmed_at, version)
        VALUES (@CaseId, @AgencyId, @OriginCountry, @DestinationCountry, @Status, @ConfirmedAt, @Version)
        ON CONFLICT (case_id) DO UPDATE SET status = excluded.status, confirmed_at = excluded.confirmed_at, version = excluded.version
        WHERE fee_violations.version < excluded.version
        """;

    public const string ConfirmedCases = """
        SELECT case_id FROM fee_violations
        WHERE agency_id = @AgencyId AND origin_country = @Origin AND destination_country = @Destination
          AND status IN ('Confirmed', 'RefundOverdue') AND confirmed_at >= @Since
        ORDER BY confirmed_at
        """;

    public static string LockAgency(SqlDialect dialect) => $"SELECT id FROM agencies WHERE id = @AgencyId {dialect.RowLockSuffix}";

    /// <summary>The licence's latest decision that changed its state (appeals filed or upheld change nothing).</summary>
    public const string StandingDecision = """
        SELECT kind, actor FROM licence_decisions
        WHERE licence_id = @LicenceId AND kind NOT IN ('APPEAL_FILED', 'APPEAL_UPHELD')
        ORDER BY decided_at DESC, id DESC LIMIT 1
        """;

    public const string ConfirmedOfAgency = """
        SELECT case_id FROM fee_violations
        WHERE agency_id = @AgencyId AND status IN ('Confirmed', 'RefundOverdue') AND confirmed_at >= @Since
        ORDER BY confirmed_at
        """;
}
