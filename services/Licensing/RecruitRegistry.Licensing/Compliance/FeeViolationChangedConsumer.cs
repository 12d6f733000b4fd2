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
/// the agency's origin licences: actor "system", the cases cited, appealable like any decision.
/// </summary>
internal sealed class FeeViolationChangedConsumer(LicensingDatabase database, LicenceCommands licences, ILogger<FeeViolationChangedConsumer> logger)
    : InboxConsumer<FeeViolationChanged, LicensingDatabase>(database)
{
    protected override string ConsumerName => "licensing.fee-violation-changed";

    protected override async Task ApplyAsync(MassTransit.ConsumeContext<FeeViolationChanged> context, UnitOfWork work)
    {
        var e = context.Message;
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
        if (applied == 0 || e.Status != FeeViolationStatus.Confirmed)
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
        if (cases.Count < corridor.SuspensionThreshold)
        {
            return;
        }

        var today = LicenceCommands.Today(work);
        var active = (await work.QueryAsync<LicenceRow>(LicenceSql.OfAgency, new { e.AgencyId }))
            .Where(l => l.Kind == LicenceStates.OriginLicence && l.IssuingCountry == e.OriginCountry && LicenceStates.On(l, today) == LicenceStates.Active);
        foreach (var licence in active)
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

    public const string ConfirmedOfAgency = """
        SELECT case_id FROM fee_violations
        WHERE agency_id = @AgencyId AND status IN ('Confirmed', 'RefundOverdue') AND confirmed_at >= @Since
        ORDER BY confirmed_at
        """;
}
