using Dapper;
using Npgsql;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.IntegrationEvents.Licensing;
using RecruitRegistry.Testing;

namespace RecruitRegistry.WorkerContracts.Tests;

/// <summary>
/// WorkerContracts' replicas of Licensing: Licensing and WorkerContracts in one host, each on its own PostgreSQL
/// database, with every event travelling through RabbitMQ. The replicas must end equal to Licensing's rows, and
/// stale or repeated events must change nothing.
/// </summary>
public sealed class LicensingReplicaTests(Servers servers) : ContractsTest(servers)
{
    private static async Task<List<string>> RowsAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return (await connection.QueryAsync<string>(sql)).Order(StringComparer.Ordinal).ToList();
    }

    private Task<List<string>> SourceAsync() => RowsAsync(App.LicensingDatabase, """
        SELECT 'corridor:' || id || ':' || version || ':' || state FROM corridors
        UNION ALL SELECT 'agency:' || id || ':' || version || ':' || country FROM agencies
        UNION ALL SELECT 'licence:' || id || ':' || version || ':' || state FROM licences
        """);

    private Task<List<string>> ReplicaAsync() => RowsAsync(App.ContractsDatabase, """
        SELECT 'corridor:' || id || ':' || version || ':' || state FROM corridor_replicas
        UNION ALL SELECT 'agency:' || id || ':' || version || ':' || country FROM agency_replicas
        UNION ALL SELECT 'licence:' || id || ':' || version || ':' || state FROM licence_replicas
        """);

    [Fact]
    public async Task Every_licensing_change_reaches_the_replicas_and_stale_or_repeated_events_change_nothing()
    {
        var proposed = await App.Licensing.ProposeCorridorAsync(new ProposeCorridorRequest
        {
            OriginCountry = "NP", DestinationCountry = "QA", BilateralAgreementReference = "NP-QA (test data)",
            DestinationAccreditationRequired = true, Sectors = { Sector.Construction },
        }, ContractsApp.Authority("NP"));
        await App.Licensing.ApproveCorridorAsync(new CorridorDecisionRequest { CorridorId = proposed.Id, ExpectedVersion = 1, Reason = "r", LegalBasis = "l" }, ContractsApp.Authority("QA"));
        var agency = await App.Licensing.RegisterAgencyAsync(new RegisterAgencyRequest
        {
            LegalName = "Himalayan Overseas", RegistrationNumber = "DoFE-1", Country = "NP", Address = "Kathmandu",
        }, ContractsApp.Authority("NP"));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var licence = await App.Licensing.IssueLicenceAsync(new IssueLicenceRequest
        {
            AgencyId = agency.Id, Kind = LicenceKind.OriginLicence, Number = "NP-1", DestinationCountries = { "QA" },
            Sectors = { Sector.Construction }, ValidFrom = CorridorScenario.Day(today.AddYears(-1)), ValidUntil = CorridorScenario.Day(today.AddYears(1)),
            SecurityBond = new Money { CurrencyCode = "NPR", Amount = "5000000" }, Reason = "r", LegalBasis = "Foreign Employment Act 2064",
        }, ContractsApp.Authority("NP"));
        var suspended = await App.Licensing.SuspendLicenceAsync(new SuspendLicenceRequest
        {
            Decision = new LicenceDecisionRequest { LicenceId = licence.Id, ExpectedVersion = 1, Reason = "r", LegalBasis = "l" },
        }, ContractsApp.Authority("NP"));

        var source = await SourceAsync();
        await Eventually.Until(ReplicaAsync, r => r.SequenceEqual(source), TimeSpan.FromSeconds(60), "the replicas to equal Licensing");
        Assert.Contains($"licence:{licence.Id}:2:SUSPENDED", await ReplicaAsync());

        // A stale version (the licence as issued) and a repeat of the current one, both delivered late.
        var bus = App.Bus;
        var stale = new LicenceChanged
        {
            LicenceId = Guid.Parse(licence.Id), Version = 1, Change = LicenceChange.Issued, OccurredAt = DateTimeOffset.UtcNow,
            Licence = new LicenceSnapshot
            {
                LicenceId = Guid.Parse(licence.Id), AgencyId = Guid.Parse(agency.Id), Kind = "ORIGIN_LICENCE", Number = "NP-1",
                IssuingCountry = "NP", DestinationCountries = ["QA"], Sectors = ["CONSTRUCTION"],
                ValidFrom = today.AddYears(-1), ValidUntil = today.AddYears(1), State = "ACTIVE",
            },
        };
        await bus.Publish(stale);
        await bus.Publish(stale with { Version = suspended.Version, Licence = stale.Licence with { State = "SUSPENDED" } });
        await Eventually.Until(InboxAsync, n => n >= 7, TimeSpan.FromSeconds(30), "the late events handled");
        Assert.Equal(source, await ReplicaAsync());
    }

    private async Task<long> InboxAsync()
    {
        await using var connection = new NpgsqlConnection(App.ContractsDatabase);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM inbox");
    }
}
