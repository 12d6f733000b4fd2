using System.Globalization;
using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;
using RecruitRegistry.Bench.Common;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Licensing;
using RecruitRegistry.Platform.Hosting;

// CheckAuthorization with 10,000 agencies and 30,000 licences loaded (PostgreSQL), 16 concurrent callers each on its
// own HTTP/2 connection, next to a bare gRPC echo service measured in the same run on the same machine.
// Needs RECRUIT_TEST_POSTGRES (bench/run-licensing.sh sets it). Prints one line:
// "echo=<req/s> echo_p50=<ms> echo_p99=<ms> check=<req/s> check_p50=<ms> check_p99=<ms>".
var arguments = new Arguments(args);
var duration = TimeSpan.FromSeconds(arguments.Int("--seconds", 10));
var callers = arguments.Int("--callers", 16);
const int Agencies = 10_000;

var admin = Environment.GetEnvironmentVariable("RECRUIT_TEST_POSTGRES") ?? throw new InvalidOperationException("RECRUIT_TEST_POSTGRES is not set");
var database = "bench_licensing_" + Guid.NewGuid().ToString("N")[..8];
var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;

await using var echo = await BenchHost.StartEchoAsync();
await using var licensing = await BenchHost.StartAsync(
    builder =>
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Platform:RateLimit:Enabled"] = "false", // the load generator is one client
            ["Licensing:Database:Provider"] = "Postgres",
            ["Licensing:Database:ConnectionString"] = connectionString,
        });
        builder.AddServices([LicensingService.Module]);
    },
    app =>
    {
        app.MapServices([LicensingService.Module]);
    });

var agencyIds = await LoadAsync();
Console.Error.WriteLine($"loaded {Agencies} agencies, {3 * Agencies} licences");

var (echoRate, echoP50, echoP99, _, _, _, _) = await ClosedLoop.EchoAsync(echo, callers, duration);
Console.Error.WriteLine($"echo: {echoRate:F0} req/s, p50 {echoP50:F2} ms, p99 {echoP99:F2} ms");

var today = DateOnly.FromDateTime(DateTime.UtcNow);
var (checkRate, checkP50, checkP99, _, _, _, _) = await ClosedLoop.MeasureAsync(licensing.Url, callers, duration, c => new Licensing.LicensingClient(c), async (client, random) =>
{
    var reply = await client.CheckAuthorizationAsync(new CheckAuthorizationRequest
    {
        AgencyId = agencyIds[random.Next(agencyIds.Length)].ToString(),
        OriginCountry = "NP",
        DestinationCountry = "QA",
        Sector = Sector.Construction,
        OnDate = new RecruitRegistry.Contracts.Common.V1.Date { Year = today.Year, Month = today.Month, Day = today.Day },
    });
    if (!reply.Authorized)
    {
        throw new InvalidOperationException("every loaded agency is authorized: " + string.Join("; ", reply.Reasons));
    }
});
Console.Error.WriteLine($"CheckAuthorization: {checkRate:F0} req/s, p50 {checkP50:F2} ms, p99 {checkP99:F2} ms");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"echo={echoRate:F0} echo_p50={echoP50:F2} echo_p99={echoP99:F2} check={checkRate:F0} check_p50={checkP50:F2} check_p99={checkP99:F2}"));
return 0;

// 10,000 NP agencies, each with an active NP origin licence for QA, an active QA accreditation and an expired old
// licence; one open NP→QA corridor requiring accreditation. Loaded with COPY: the benchmark measures reads.
async Task<Guid[]> LoadAsync()
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    var ids = Enumerable.Range(0, Agencies).Select(_ => Guid.CreateVersion7()).ToArray();
    await using (var corridor = new NpgsqlCommand("""
        INSERT INTO corridors (id, origin_country, destination_country, state, proposed_by_country, bilateral_agreement_reference,
            destination_accreditation_required, minimum_worker_age, sectors, suspension_threshold, suspension_window_months, version)
        VALUES ($1, 'NP', 'QA', 'OPEN', 'NP', 'NP-QA (bench data)', true, 18, '["CONSTRUCTION","DOMESTIC_WORK"]', 3, 12, 2)
        """, connection))
    {
        corridor.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7() });
        await corridor.ExecuteNonQueryAsync();
    }

    await using (var copy = await connection.BeginBinaryImportAsync(
        "COPY agencies (id, legal_name, search_name, registration_number, country, address, contact_email, contact_phone, directors, version) FROM STDIN (FORMAT BINARY)"))
    {
        for (var i = 0; i < ids.Length; i++)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(ids[i], NpgsqlDbType.Uuid);
            await copy.WriteAsync($"Bench Agency {i}");
            await copy.WriteAsync($"bench agency {i}");
            await copy.WriteAsync($"DoFE-{i}");
            await copy.WriteAsync("NP");
            await copy.WriteAsync("Kathmandu");
            await copy.WriteAsync("");
            await copy.WriteAsync("");
            await copy.WriteAsync("[]");
            await copy.WriteAsync(1L);
        }

        await copy.CompleteAsync();
    }

    var today = DateOnly.FromDateTime(DateTime.UtcNow);
    await using (var copy = await connection.BeginBinaryImportAsync(
        "COPY licences (id, agency_id, kind, number, issuing_country, destination_countries, sectors, valid_from, valid_until, bond_currency, bond_amount, conditions, state, version) FROM STDIN (FORMAT BINARY)"))
    {
        for (var i = 0; i < ids.Length; i++)
        {
            foreach (var (kind, issuer, destinations, from, until, number) in new[]
            {
                ("ORIGIN_LICENCE", "NP", "[\"QA\",\"MY\"]", today.AddYears(-1), today.AddYears(2), $"NP-{i}"),
                ("DESTINATION_ACCREDITATION", "QA", "[\"QA\"]", today.AddYears(-1), today.AddYears(1), $"QA-{i}"),
                ("ORIGIN_LICENCE", "NP", "[\"QA\"]", today.AddYears(-6), today.AddYears(-3), $"NP-OLD-{i}"),
            })
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await copy.WriteAsync(ids[i], NpgsqlDbType.Uuid);
                await copy.WriteAsync(kind);
                await copy.WriteAsync(number);
                await copy.WriteAsync(issuer);
                await copy.WriteAsync(destinations);
                await copy.WriteAsync("[\"CONSTRUCTION\",\"DOMESTIC_WORK\"]");
                await copy.WriteAsync(from, NpgsqlDbType.Date);
                await copy.WriteAsync(until, NpgsqlDbType.Date);
                await copy.WriteAsync(issuer == "NP" ? "NPR" : "QAR");
                await copy.WriteAsync(0m, NpgsqlDbType.Numeric);
                await copy.WriteAsync("[]");
                await copy.WriteAsync(until < today ? "EXPIRED" : "ACTIVE");
                await copy.WriteAsync(1L);
            }
        }

        await copy.CompleteAsync();
    }

    await using (var analyze = new NpgsqlCommand("ANALYZE", connection))
    {
        await analyze.ExecuteNonQueryAsync();
    }

    return ids;
}
