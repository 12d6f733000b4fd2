using Microsoft.Extensions.Logging;
using RecruitRegistry.IntegrationEvents.Licensing;
using RecruitRegistry.Licensing.Corridors;
using RecruitRegistry.Licensing.Licences;
using RecruitRegistry.Licensing.Model;
using RecruitRegistry.Platform.Data;

namespace RecruitRegistry.Licensing.Compliance;

/// <summary>
/// The corridor's compliance threshold, applied after the agency's record changed: when its confirmed violations in the
/// corridor's window (confirmed fee cases, and founded grievances of the kinds the corridor counts) reach the threshold,
/// the agency's origin licences are suspended: actor "system", the violations cited, appealable like any decision. When
/// a case is overturned on appeal and the count falls back below the threshold, a licence whose standing suspension is
/// that automatic one is reinstated by the system, citing the overturned case; a suspension an authority decided stays.
/// </summary>
internal sealed class ComplianceThreshold(LicenceCommands licences, ILogger<ComplianceThreshold> logger)
{
    public async Task ApplyAsync(UnitOfWork work, Guid agencyId, string origin, string destination, Guid sourceId, bool overturned)
    {
        var corridor = await work.QuerySingleOrDefaultAsync<CorridorRow>(CorridorSql.ByCountries, new { Origin = origin, Destination = destination });
        if (corridor is null)
        {
            return;
        }

        var since = work.Now.AddMonths(-corridor.SuspensionWindowMonths);
        var cases = (await work.QueryAsync<Guid>(ComplianceSql.ConfirmedCases, new
        {
            AgencyId = agencyId, Origin = origin, Destination = destination, Since = since,
        })).ToList();
        var today = LicenceCommands.Today(work);
        var originLicences = (await work.QueryAsync<LicenceRow>(LicenceSql.OfAgency, new { AgencyId = agencyId }))
            .Where(l => l.Kind == LicenceStates.OriginLicence && l.IssuingCountry == origin)
            .ToList();
        if (overturned)
        {
            if (cases.Count < corridor.SuspensionThreshold)
            {
                await ReinstateAutomaticSuspensionsAsync(work, agencyId, sourceId, corridor, cases.Count, originLicences, today);
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
                $"Automatic suspension: {cases.Count} confirmed violations in {corridor.SuspensionWindowMonths} months in the {CorridorQueries.Name(corridor)} corridor (fee cases and founded grievances {string.Join(", ", cases)})",
                $"Compliance threshold of the {CorridorQueries.Name(corridor)} corridor ({corridor.SuspensionThreshold} in {corridor.SuspensionWindowMonths} months; agreement {corridor.BilateralAgreementReference})");
            LicensingLog.AutomaticallySuspended(logger, licence.Id, agencyId, cases.Count);
        }
    }

    private async Task ReinstateAutomaticSuspensionsAsync(
        UnitOfWork work, Guid agencyId, Guid sourceId, CorridorRow corridor, int confirmed, IEnumerable<LicenceRow> originLicences, DateOnly today)
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
                $"Automatic reinstatement: case {sourceId} overturned on appeal; {confirmed} confirmed violations remain in {corridor.SuspensionWindowMonths} months in the {CorridorQueries.Name(corridor)} corridor",
                $"Compliance threshold of the {CorridorQueries.Name(corridor)} corridor ({corridor.SuspensionThreshold} in {corridor.SuspensionWindowMonths} months; agreement {corridor.BilateralAgreementReference})");
            LicensingLog.AutomaticallyReinstated(logger, licence.Id, agencyId, sourceId);
        }
    }

    private sealed record StandingDecision(string Kind, string Actor);
}
