using MassTransit;
using RecruitRegistry.IntegrationEvents;
using RecruitRegistry.IntegrationEvents.WorkerContracts;

namespace RecruitRegistry.Bench.FeeAudits;

/// <summary>The baseline consumer: takes the message and does nothing; counts what it took.</summary>
public sealed class NoOpConsumer : IConsumer<ContractChanged>
{
    private static long consumed;

    public Task Consume(ConsumeContext<ContractChanged> context)
    {
        Interlocked.Increment(ref consumed);
        return Task.CompletedTask;
    }

    public static void Reset() => Interlocked.Exchange(ref consumed, 0);

    public static async Task WaitForAsync(long expected, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (Interlocked.Read(ref consumed) < expected)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the no-op consumer took {consumed} of {expected} messages");
            }

            await Task.Delay(10);
        }
    }
}

/// <summary>
/// Contracts as WorkerContracts publishes them, across the default policies: NP→QA with no fee (COMPLIANT) and with a
/// recruitment fee (VIOLATION of Qatar's Art. 33, a case opened), NP→MY within and above Nepal's cap, PH→SA with a
/// placement fee (prohibited), and VN→JP (no rule to judge: UNDETERMINED).
/// </summary>
internal static class Contracts
{
    private static readonly (string Origin, string Destination, string Wage, string? Fee)[] Kinds =
    [
        ("NP", "QA", "QAR 1200.00", null),
        ("NP", "QA", "QAR 1200.00", "NPR 10000.00"),
        ("NP", "MY", "MYR 1700.00", "NPR 10000.00"),
        ("NP", "MY", "MYR 1700.00", "NPR 85000.00"),
        ("PH", "SA", "SAR 1500.00", "PHP 20000.00"),
        ("VN", "JP", "JPY 180000", "VND 30000000"),
    ];

    private static readonly string[] Sectors = ["CONSTRUCTION", "DOMESTIC_WORK", "HOSPITALITY", "MANUFACTURING"];

    public static ContractChanged Random(Random random)
    {
        var (origin, destination, wage, fee) = Kinds[random.Next(Kinds.Length)];
        var id = Guid.CreateVersion7();
        var signed = new DateOnly(2026, 3, 1).AddDays(random.Next(200));
        return new ContractChanged
        {
            ContractId = id,
            Version = 1,
            Change = ContractChange.Registered,
            OccurredAt = DateTimeOffset.UtcNow,
            Contract = new ContractSnapshot
            {
                ContractId = id,
                Reference = $"{origin}-{destination}-26-{id.ToString("N")[^6..].ToUpperInvariant()}",
                AgencyId = new Guid(random.Next(1, 2001), 0, 0, new byte[8]),
                OriginCountry = origin,
                DestinationCountry = destination,
                Sector = Sectors[random.Next(Sectors.Length)],
                WorkerSex = random.Next(3) == 0 ? "F" : "M",
                Status = "REGISTERED",
                SignedOn = signed,
                StartDate = signed.AddDays(30),
                MonthlyBasicWage = Money(wage),
                DurationMonths = 24,
                Fees = fee is null ? [] : [new ContractFee("RECRUITMENT_SERVICE", Money(fee), "Agency (bench data)")],
                TermsFingerprint = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(id.ToByteArray())),
                TermsVersion = 1,
                RegisteredAt = DateTimeOffset.UtcNow,
            },
        };
    }

    private static EventMoney Money(string text) =>
        new(text[..3], decimal.Parse(text[4..], System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>
/// The baselines, sent by plain Npgsql: the report's five aggregates as one statement (the same table, one round trip,
/// no transaction, no roll-up), and the contract aggregate alone (the bulk of the work: 1,000,000 rows). Written here
/// by hand, apart from the service's own statements: each aggregate groups its key with every breakdown in one scan
/// (GROUPING SETS), the fastest single statement we know for these tables.
/// </summary>
internal static class ReportStatements
{
    private const string AgeBand = """
        CASE WHEN worker_age_at_signing IS NULL THEN NULL WHEN worker_age_at_signing < 25 THEN '18-24' WHEN worker_age_at_signing < 35 THEN '25-34'
             WHEN worker_age_at_signing < 45 THEN '35-44' WHEN worker_age_at_signing < 55 THEN '45-54' ELSE '55+' END
        """;

    private const string Month = "to_char(registered_at AT TIME ZONE 'UTC', 'YYYY-MM')";

    private const string Contracts = $"""
        SELECT 'contracts' AS part, COALESCE(audit_outcome, 'PENDING') AS key, excess_currency AS currency, oriented_on IS NOT NULL AS oriented,
               worker_sex AS sex, sector, {AgeBand} AS age_band, NULLIF(substr(isco08_code, 1, 1), '') AS occupation,
               COALESCE(worker_disability, 'NOT_RECORDED') AS disability, {Month} AS month, NULL::text AS state,
               NULL::uuid AS agency_id, NULL::text AS legal_name, COUNT(*) AS count, COALESCE(SUM(excess_minor), 0)::bigint AS minor
        FROM contract_replicas
        WHERE origin_country = @origin AND destination_country = @destination AND registered_at >= @from AND registered_at < @to
        GROUP BY COALESCE(audit_outcome, 'PENDING'), excess_currency, oriented_on IS NOT NULL,
            GROUPING SETS (worker_sex, sector, {AgeBand}, NULLIF(substr(isco08_code, 1, 1), ''), COALESCE(worker_disability, 'NOT_RECORDED'), {Month})
        """;

    public const string ContractsAlone = Contracts;

    public const string AllInOne = Contracts + """

        UNION ALL
        SELECT 'cases', state, NULL, NULL, worker_sex, sector, NULL, NULL, NULL, NULL, NULL, NULL, NULL, COUNT(*), 0
        FROM cases
        WHERE origin_country = @origin AND destination_country = @destination AND opened_at >= @from AND opened_at < @to
        GROUP BY state, GROUPING SETS (worker_sex, sector)
        UNION ALL
        SELECT 'refunds', r.state, r.currency, NULL, c.worker_sex, c.sector, NULL, NULL, NULL, NULL, NULL, NULL, NULL, COUNT(*), SUM(r.amount_minor)::bigint
        FROM refund_orders r JOIN cases c ON c.id = r.case_id
        WHERE r.origin_country = @origin AND r.destination_country = @destination AND r.ordered_at >= @from AND r.ordered_at < @to
        GROUP BY r.state, r.currency, GROUPING SETS (c.worker_sex, c.sector)
        UNION ALL
        SELECT 'grievances', kind, NULL, NULL, worker_sex, sector, NULL, NULL, NULL, NULL, state, NULL, NULL, COUNT(*), 0
        FROM grievances
        WHERE origin_country = @origin AND destination_country = @destination AND filed_at >= @from AND filed_at < @to
        GROUP BY kind, GROUPING SETS (state, worker_sex, sector)
        UNION ALL
        SELECT 'agencies', NULL, c.excess_currency, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, c.agency_id, a.legal_name, COUNT(*), COALESCE(SUM(c.excess_minor), 0)::bigint
        FROM cases c LEFT JOIN agency_replicas a ON a.id = c.agency_id
        WHERE c.origin_country = @origin AND c.destination_country = @destination
          AND c.state IN ('CONFIRMED', 'APPEALED', 'APPEAL_UPHELD') AND c.confirmed_at >= @from AND c.confirmed_at < @to
        GROUP BY c.agency_id, a.legal_name, c.excess_currency
        """;
}
