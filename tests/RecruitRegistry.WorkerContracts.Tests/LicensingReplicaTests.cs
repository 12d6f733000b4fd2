using System.Security.Cryptography;
using Dapper;
using Grpc.Core;
using Grpc.Net.Client;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using RecruitRegistry.Contracts.Common.V1;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.IntegrationEvents.Licensing;
using RecruitRegistry.Licensing;
using RecruitRegistry.Platform.Hosting;
using RecruitRegistry.Platform.Security;
using RecruitRegistry.Testing;
using Api = RecruitRegistry.Contracts.Licensing.V1;

namespace RecruitRegistry.WorkerContracts.Tests;

/// <summary>
/// WorkerContracts' replicas of Licensing: Licensing and WorkerContracts in one host, each on its own PostgreSQL
/// database, with every event travelling through RabbitMQ. The replicas must end equal to Licensing's rows, and
/// stale or repeated events must change nothing.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class LicensingReplicaTests(Servers servers) : IAsyncLifetime
{
    private static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private WebApplication app = null!;
    private GrpcChannel channel = null!;
    private Api.Licensing.LicensingClient licensing = null!;
    private string licensingDb = "";
    private string contractsDb = "";
    private string vhost = "";

    public async Task InitializeAsync()
    {
        licensingDb = await servers.Postgres.CreateDatabaseAsync("licensing");
        contractsDb = await servers.Postgres.CreateDatabaseAsync("contracts");
        vhost = await servers.RabbitMq.CreateVirtualHostAsync();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = SigningKey,
            ["Platform:Transport"] = "RabbitMq",
            ["Platform:RabbitMq:Host"] = servers.RabbitMq.Host,
            ["Platform:RabbitMq:Port"] = servers.RabbitMq.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Platform:RabbitMq:VirtualHost"] = vhost,
            ["Licensing:Database:Provider"] = "Postgres",
            ["Licensing:Database:ConnectionString"] = licensingDb,
            ["WorkerContracts:Database:Provider"] = "Postgres",
            ["WorkerContracts:Database:ConnectionString"] = contractsDb,
            ["WorkerContracts:SecretKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
        builder.AddPlatform(bus => bus.AddLicensingConsumers(), bus => bus.AddWorkerContractsConsumers());
        builder.AddLicensing();
        builder.AddWorkerContracts();
        app = builder.Build();
        app.MapPlatform();
        app.MapLicensing();
        app.MapWorkerContracts();
        await app.StartAsync();
        channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = app.GetTestServer().CreateHandler() });
        licensing = new Api.Licensing.LicensingClient(channel);
    }

    public async Task DisposeAsync()
    {
        channel.Dispose();
        await app.DisposeAsync();
        await servers.RabbitMq.DeleteVirtualHostAsync(vhost);
    }

    private static CallOptions Authority(string country) =>
        new(new Metadata { { "authorization", "Bearer " + TokenFactory.Create(new AuthOptions { SigningKey = SigningKey }, Roles.Authority, country, null) } });

    private static Date Day(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };

    private static async Task<List<string>> RowsAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return (await connection.QueryAsync<string>(sql)).Order(StringComparer.Ordinal).ToList();
    }

    private Task<List<string>> SourceAsync() => RowsAsync(licensingDb, """
        SELECT 'corridor:' || id || ':' || version || ':' || state FROM corridors
        UNION ALL SELECT 'agency:' || id || ':' || version || ':' || country FROM agencies
        UNION ALL SELECT 'licence:' || id || ':' || version || ':' || state FROM licences
        """);

    private Task<List<string>> ReplicaAsync() => RowsAsync(contractsDb, """
        SELECT 'corridor:' || id || ':' || version || ':' || state FROM corridor_replicas
        UNION ALL SELECT 'agency:' || id || ':' || version || ':' || country FROM agency_replicas
        UNION ALL SELECT 'licence:' || id || ':' || version || ':' || state FROM licence_replicas
        """);

    [Fact]
    public async Task Every_licensing_change_reaches_the_replicas_and_stale_or_repeated_events_change_nothing()
    {
        var proposed = await licensing.ProposeCorridorAsync(new ProposeCorridorRequest
        {
            OriginCountry = "NP", DestinationCountry = "QA", BilateralAgreementReference = "NP-QA (test data)",
            DestinationAccreditationRequired = true, Sectors = { Sector.Construction },
        }, Authority("NP"));
        await licensing.ApproveCorridorAsync(new CorridorDecisionRequest { CorridorId = proposed.Id, ExpectedVersion = 1, Reason = "r", LegalBasis = "l" }, Authority("QA"));
        var agency = await licensing.RegisterAgencyAsync(new RegisterAgencyRequest
        {
            LegalName = "Himalayan Overseas", RegistrationNumber = "DoFE-1", Country = "NP", Address = "Kathmandu",
        }, Authority("NP"));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var licence = await licensing.IssueLicenceAsync(new IssueLicenceRequest
        {
            AgencyId = agency.Id, Kind = LicenceKind.OriginLicence, Number = "NP-1", DestinationCountries = { "QA" },
            Sectors = { Sector.Construction }, ValidFrom = Day(today.AddYears(-1)), ValidUntil = Day(today.AddYears(1)),
            SecurityBond = new Money { CurrencyCode = "NPR", Amount = "5000000" }, Reason = "r", LegalBasis = "Foreign Employment Act 2064",
        }, Authority("NP"));
        var suspended = await licensing.SuspendLicenceAsync(new SuspendLicenceRequest
        {
            Decision = new LicenceDecisionRequest { LicenceId = licence.Id, ExpectedVersion = 1, Reason = "r", LegalBasis = "l" },
        }, Authority("NP"));

        var source = await SourceAsync();
        await Eventually.Until(ReplicaAsync, r => r.SequenceEqual(source), TimeSpan.FromSeconds(60), "the replicas to equal Licensing");
        Assert.Contains($"licence:{licence.Id}:2:SUSPENDED", await ReplicaAsync());

        // A stale version (the licence as issued) and a repeat of the current one, both delivered late.
        var bus = app.Services.GetRequiredService<IBus>();
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
        await using var connection = new NpgsqlConnection(contractsDb);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM inbox");
    }
}
