using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.Licensing.Corridors;
using RecruitRegistry.Licensing.Model;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Messaging;

namespace RecruitRegistry.Licensing.Compliance;

/// <summary>
/// A grievance resolved as founded counts towards the agency's compliance record when its kind is one the corridor
/// names (<c>grievance_kinds_counted</c>, corridor data; none by default, since a fee report or a substitution already
/// counts through its confirmed fee case). It is recorded beside the fee cases (source GRIEVANCE, one versioned row per
/// grievance) and the corridor's threshold applies to both (<see cref="ComplianceThreshold"/>). It keeps counting while
/// the agency's appeal is pending (APPEALED, still founded) and after it is upheld; overturned (no longer founded), it is
/// marked so and the threshold looked at again, as for a fee case overturned on appeal.
/// </summary>
internal sealed class GrievanceChangedConsumer(LicensingDatabase database, ComplianceThreshold threshold)
    : InboxConsumer<GrievanceChanged, LicensingDatabase>(database)
{
    protected override string ConsumerName => "licensing.grievance-changed";

    protected override async Task ApplyAsync(MassTransit.ConsumeContext<GrievanceChanged> context, UnitOfWork work)
    {
        var e = context.Message;
        var recorded = await work.QuerySingleOrDefaultAsync<string?>(ComplianceSql.Status, new { CaseId = e.GrievanceId });
        if (!e.Founded || e.State is not ("RESOLVED" or "APPEALED"))
        {
            if (recorded == "Confirmed" && await RecordAsync(work, e, "OverturnedOnAppeal") > 0)
            {
                await threshold.ApplyAsync(work, e.AgencyId, e.OriginCountry, e.DestinationCountry, e.GrievanceId, overturned: true);
            }

            return;
        }

        if (recorded == "Confirmed")
        {
            return; // counted since its resolution: an appeal pending or upheld changes nothing
        }

        var corridor = await work.QuerySingleOrDefaultAsync<CorridorRow>(CorridorSql.ByCountries, new { Origin = e.OriginCountry, Destination = e.DestinationCountry });
        if (corridor is null || !Lists.FromJson(corridor.GrievanceKindsCounted).Contains(e.Kind))
        {
            return;
        }

        if (await RecordAsync(work, e, "Confirmed") > 0)
        {
            await threshold.ApplyAsync(work, e.AgencyId, e.OriginCountry, e.DestinationCountry, e.GrievanceId, overturned: false);
        }
    }

    /// <summary>The grievance's row in the record with <paramref name="status"/> (versioned), the agency locked first as for fee cases.</summary>
    private static async Task<int> RecordAsync(UnitOfWork work, GrievanceChanged e, string status)
    {
        await work.QuerySingleOrDefaultAsync<Guid?>(ComplianceSql.LockAgency(work.Dialect), new { e.AgencyId });
        return await work.ExecuteAsync(ComplianceSql.Upsert, new
        {
            CaseId = e.GrievanceId,
            e.AgencyId,
            e.OriginCountry,
            e.DestinationCountry,
            Status = status,
            ConfirmedAt = e.OccurredAt,
            e.Version,
            Source = "GRIEVANCE",
            e.Kind,
        });
    }
}
