using Dapper;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RecruitRegistry.Platform.Data;

/// <summary>
/// Brings a service database to its latest schema with DbUp: first the platform's scripts (outbox, inbox),
/// then the service's own embedded <c>Migrations/*.sql</c>, in name order, each in its own transaction,
/// journaled in <c>schemaversions</c>.
/// </summary>
public static class Migrator
{
    // Arbitrary, fixed: instances of one service migrating one PostgreSQL database take turns.
    private const long AdvisoryLockKey = 0x5245_4352_5549_54; // "RECRUIT"

    public static async Task<IReadOnlyList<string>> MigrateAsync(ServiceDatabase database, CancellationToken cancellationToken)
    {
        var options = database.Options;
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            EnsureSqliteDirectory(options.ConnectionString);
            return Run(DeployChanges.To.SqliteDatabase(options.ConnectionString), database, afterUpgrade: EnableWal);
        }

        if (options.CreateIfMissing)
        {
            EnsureDatabase.For.PostgresqlDatabase(options.ConnectionString, new DbUp.Engine.Output.NoOpUpgradeLog());
        }

        await using var lockConnection = await database.OpenSessionAsync(cancellationToken); // the lock ends with the session
        await lockConnection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_lock(@Key)", new { Key = AdvisoryLockKey }, cancellationToken: cancellationToken));
        try
        {
            return Run(DeployChanges.To.PostgresqlDatabase(options.ConnectionString), database, afterUpgrade: null);
        }
        finally
        {
            await lockConnection.ExecuteAsync("SELECT pg_advisory_unlock(@Key)", new { Key = AdvisoryLockKey });
        }
    }

    private static IReadOnlyList<string> Run(UpgradeEngineBuilder builder, ServiceDatabase database, Action<string>? afterUpgrade)
    {
        var platform = typeof(Migrator).Assembly;
        var service = database.GetType().Assembly;
        var result = builder
            .WithScriptsEmbeddedInAssembly(platform, IsMigration, new SqlScriptOptions { RunGroupOrder = 0 })
            .WithScriptsEmbeddedInAssembly(service, IsMigration, new SqlScriptOptions { RunGroupOrder = 1 })
            .WithVariables(database.Dialect.MigrationVariables.ToDictionary())
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build()
            .PerformUpgrade();

        if (!result.Successful)
        {
            throw new InvalidOperationException(
                $"Migrating the {database.Name} database failed at {result.ErrorScript?.Name}.", result.Error);
        }

        afterUpgrade?.Invoke(database.Options.ConnectionString);
        return result.Scripts.Select(s => s.Name).ToList();
    }

    private static bool IsMigration(string resourceName) =>
        resourceName.Contains(".Migrations.", StringComparison.Ordinal) && resourceName.EndsWith(".sql", StringComparison.Ordinal);

    private static void EnsureSqliteDirectory(string connectionString)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }

    // WAL lets the relay and the consumers read while a handler writes; the setting is stored in the file.
    private static void EnableWal(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        connection.Execute("PRAGMA journal_mode=WAL");
    }
}

/// <summary>Runs a database's migrations before any hosted service (bus, relay) starts.</summary>
internal sealed class MigrationHostedService<TDatabase>(TDatabase database, ILogger<MigrationHostedService<TDatabase>> logger)
    : IHostedLifecycleService
    where TDatabase : ServiceDatabase
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var applied = await Migrator.MigrateAsync(database, cancellationToken);
        PlatformLog.Migrated(logger, database.Name, applied.Count);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
