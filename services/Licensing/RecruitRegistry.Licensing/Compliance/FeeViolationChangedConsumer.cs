using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Messaging;

namespace RecruitRegistry.Licensing.Compliance;

/// <summary>
/// Keeps each agency's compliance record from FeeAudits' fee cases (one versioned row per case, so a duplicate or an
/// older event changes nothing) and lets <see cref="ComplianceThreshold"/> act on it.
/// </summary>
internal sealed class FeeViolationChangedConsumer(LicensingDatabase database, ComplianceThreshold threshold)
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
            Source = "FEE_CASE",
            Kind = "FEES_CHARGED",
        });
        if (applied == 0 || e.Status == FeeViolationStatus.RefundOverdue)
        {
            return;
        }

        await threshold.ApplyAsync(work, e.AgencyId, e.OriginCountry, e.DestinationCountry, e.CaseId, overturned: e.Status == FeeViolationStatus.OverturnedOnAppeal);
    }
}


/// <summary>Compliance record statements.</summary>
internal static class ComplianceSql
{
    public const string Upsert = """
        INSERT INTO fee_violations (case_id, agency_id, origin_country, destination_country, status, confirmed_at, version, source, kind)
        VALUES (@CaseId, @AgencyId, @OriginCountry, @DestinationCountry, @Status, @ConfirmedAt, @Version, @Source, @Kind)
        ON CONFLICT (case_id) DO UPDATE SET status = excluded.status, confirmed_at = excluded.confirmed_at, version = excluded.version
        WHERE fee_violations.version < excluded.version
        """;

    public const string ConfirmedCases = """
        SELECT case_id FROM fee_violations
        WHERE agency_id = @AgencyId AND origin_country = @Origin AND destination_country = @Destination
          AND status IN ('Confirmed', 'RefundOverdue') AND confirmed_at >= @Since
        ORDER BY confirmed_at
        """;

    public const string Status = "SELECT status FROM fee_violations WHERE case_id = @CaseId";

    public static string LockAgency(SqlDialect dialect) => $"SELECT id FROM agencies WHERE id = @AgencyId {dialect.RowLockSuffix}";

    /// <summary>The licence's latest decision that changed its state (appeals filed or upheld change nothing).</summary>
    public const string StandingDecision = """
        SELECT kind, actor FROM licence_decisions
        WHERE licence_id = @LicenceId AND kind NOT IN ('APPEAL_FILED', 'APPEAL_UPHELD')
        ORDER BY decided_at DESC, id DESC LIMIT 1
        """;

    /// <summary>The confirmed violations of each agency of <c>@Ids</c> by corridor and kind, for the public registry.</summary>
    public static string CountsOfAgencies(SqlDialect dialect) => $"""
        SELECT agency_id, origin_country, destination_country, kind, COUNT(*) AS count FROM fee_violations
        WHERE agency_id {dialect.InList("@Ids")} AND status IN ('Confirmed', 'RefundOverdue')
        GROUP BY agency_id, origin_country, destination_country, kind
        ORDER BY origin_country, destination_country, kind
        """;

    public const string ConfirmedOfAgency = """
        SELECT case_id FROM fee_violations
        WHERE agency_id = @AgencyId AND status IN ('Confirmed', 'RefundOverdue') AND confirmed_at >= @Since
        ORDER BY confirmed_at
        """;
}
