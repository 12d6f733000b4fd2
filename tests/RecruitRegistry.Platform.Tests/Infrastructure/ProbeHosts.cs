using RecruitRegistry.Testing;

using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.TestHost.Probes;

namespace RecruitRegistry.Platform.Tests.Infrastructure;

/// <summary>Settings and in-process hosts of the probe service, composed like any RecruitRegistry service host.</summary>
public static class ProbeHosts
{
    public static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static Dictionary<string, string?> Common() => new()
    {
        ["Auth:SigningKey"] = SigningKey,
        ["Platform:Outbox:PollInterval"] = "00:00:02",
        ["Platform:Outbox:PublishTimeout"] = "00:00:05",
        ["Platform:Outbox:MaxBackoff"] = "00:00:01",
        ["Platform:RetryLimit"] = "3",
        ["Platform:RateLimit:Enabled"] = "false",
    };

    public static Dictionary<string, string?> Postgres(string source, string replica) => new()
    {
        ["Probe:Source:Provider"] = "Postgres",
        ["Probe:Source:ConnectionString"] = source,
        ["Probe:Replica:Provider"] = "Postgres",
        ["Probe:Replica:ConnectionString"] = replica,
    };

    public static Dictionary<string, string?> Sqlite(string directory) => new()
    {
        ["Probe:Source:Provider"] = "Sqlite",
        ["Probe:Source:ConnectionString"] = $"Data Source={Path.Combine(directory, "source.db")};Default Timeout=30",
        ["Probe:Replica:Provider"] = "Sqlite",
        ["Probe:Replica:ConnectionString"] = $"Data Source={Path.Combine(directory, "replica.db")};Default Timeout=30",
    };

    public static Dictionary<string, string?> RabbitMq(RabbitMqServer server, string virtualHost) => new()
    {
        ["Platform:Transport"] = "RabbitMq",
        ["Platform:RabbitMq:Host"] = server.Host,
        ["Platform:RabbitMq:Port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Platform:RabbitMq:VirtualHost"] = virtualHost,
    };

    public static Dictionary<string, string?> Merge(params IDictionary<string, string?>[] parts)
    {
        var all = Common();
        foreach (var part in parts)
        {
            foreach (var (key, value) in part)
            {
                all[key] = value;
            }
        }

        return all;
    }

    public static async Task<ProbeHost> StartAsync(ProbeRoles roles, params IDictionary<string, string?>[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(Merge(settings));
        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.AddProbe(roles);
        var host = builder.Build();
        ProbeService.ObserveReceipts(host.Services);
        await host.StartAsync();
        return new ProbeHost(host);
    }

    /// <summary>Command-line arguments that give a child TestHost the same settings.</summary>
    public static IEnumerable<string> Arguments(params IDictionary<string, string?>[] settings) =>
        Merge(settings).Select(kv => $"--{kv.Key}={kv.Value}");
}

/// <summary>A started in-process probe host; disposing it shuts it down as a real shutdown does (stopped first).</summary>
public sealed class ProbeHost(IHost host) : IAsyncDisposable
{
    public IServiceProvider Services => host.Services;

    public async ValueTask DisposeAsync() => await host.ShutDownAsync();
}

/// <summary>Reads a probe database directly, to check what the services wrote.</summary>
public sealed class ProbeStore(DatabaseProvider provider, string connectionString)
{
    static ProbeStore() => TypeHandlers.Register();

    // Unpooled: a test that terminates a database's sessions must not find its own reader among the casualties.
    public static ProbeStore Postgres(string connectionString) =>
        new(DatabaseProvider.Postgres, new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);

    public static ProbeStore SqliteFile(string directory, string file) =>
        new(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(directory, file)};Mode=ReadOnly");

    private DbConnection Open() => provider == DatabaseProvider.Postgres
        ? new NpgsqlConnection(connectionString)
        : new SqliteConnection(connectionString);

    public async Task<long> ScalarAsync(string sql, object? parameters = null)
    {
        await using var connection = Open();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    public async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = Open();
        await connection.ExecuteAsync(sql, parameters);
    }

    public async Task<IReadOnlyList<ProbeRow>> ProbesAsync(string table)
    {
        await using var connection = Open();
        return (await connection.QueryAsync<ProbeRow>($"SELECT id AS Id, value AS Value, version AS Version FROM {table} ORDER BY id")).AsList();
    }

    /// <summary>Distinct messages applied, and how many of them were applied more than once.</summary>
    public async Task<(long Applied, long Twice)> ApplicationsAsync()
    {
        var applied = await ScalarAsync("SELECT COUNT(DISTINCT message_id) FROM probe_apply_log");
        var twice = await ScalarAsync(
            "SELECT COUNT(*) FROM (SELECT message_id FROM probe_apply_log GROUP BY message_id HAVING COUNT(*) > 1) AS d");
        return (applied, twice);
    }
}

public sealed record ProbeRow
{
    public Guid Id { get; init; }
    public string Value { get; init; } = "";
    public long Version { get; init; }
}
