using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using RecruitRegistry.Platform.Messaging;

namespace RecruitRegistry.Platform.Data;

/// <summary>
/// One service's own database. Each service derives its own type (<c>LicensingDatabase</c>), so the container
/// never hands one service another's connection, and the outbox relay, the migrations and the health check
/// are registered per database type.
/// </summary>
public abstract class ServiceDatabase : IAsyncDisposable
{
    private readonly DbDataSource dataSource;
    private readonly DbDataSource sessionSource;
    private readonly DbDataSource listSource;

    protected ServiceDatabase(string name, DatabaseOptions options, OutboxMessageTypes messageTypes, TimeProvider clock)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        TypeHandlers.Register();
        Name = name;
        Options = options;
        Dialect = SqlDialect.For(options.Provider);
        MessageTypes = messageTypes;
        Clock = clock;
        dataSource = options.Provider switch
        {
            DatabaseProvider.Postgres => NpgsqlDataSource.Create(PooledSettings(options.ConnectionString)),
            DatabaseProvider.Sqlite => SqliteFactory.Instance.CreateDataSource(options.ConnectionString),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Unknown database provider."),
        };
        // SQLite keeps no session state that could outlive a use: its sessions are ordinary connections.
        sessionSource = options.Provider == DatabaseProvider.Postgres
            ? NpgsqlDataSource.Create(SessionSettings(options.ConnectionString))
            : dataSource;
        listSource = options.Provider == DatabaseProvider.Postgres
            ? NpgsqlDataSource.Create(ListSettings(options.ConnectionString))
            : dataSource;
    }

    /// <summary>
    /// The pool every statement of the service runs on:
    /// <list type="bullet">
    /// <item>unless the connection string sets a number, Npgsql prepares the statements the service runs all day on the
    /// server after two uses, which spares PostgreSQL the parse and plan of every call;</item>
    /// <item>a connection going back to the pool is not reset (<c>No Reset On Close</c>). With prepared statements Npgsql's
    /// reset is seven statements (<c>SET SESSION AUTHORIZATION DEFAULT; RESET ALL; CLOSE ALL; UNLISTEN *;
    /// pg_advisory_unlock_all(); DISCARD SEQUENCES; DISCARD TEMP</c>), sent with the first statement of every use. No
    /// statement of ours leaves session state behind on a pooled connection: what needs a session (LISTEN, the migration
    /// lock) takes <see cref="OpenSessionAsync"/>.</item>
    /// </list>
    /// </summary>
    private static string PooledSettings(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    /// <summary>The pool of <see cref="OpenListReadConnectionAsync"/>: the main pool's settings, each prepared statement planned once.</summary>
    private static string ListSettings(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(PooledSettings(connectionString));
        builder.Options = $"{builder.Options} -c plan_cache_mode=force_generic_plan".Trim();
        return builder.ConnectionString;
    }

    /// <summary>Connections of their own, outside the pool: closing one ends its session and whatever state it held.</summary>
    private static string SessionSettings(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    /// <summary>The service's short name ("licensing"): log scopes, health check names, outbox consumer names.</summary>
    public string Name { get; }

    public DatabaseOptions Options { get; }

    public SqlDialect Dialect { get; }

    public TimeProvider Clock { get; }

    internal OutboxMessageTypes MessageTypes { get; }

    /// <summary>Woken after every commit that wrote outbox rows, so the relay publishes at once.</summary>
    public OutboxSignal OutboxSignal { get; } = new();

    /// <summary>
    /// Raised when this database may have changed: at once after a local commit that wrote events, and (PostgreSQL)
    /// when another process announces its commits or the relay's listener (re)connects. In-memory read models drop
    /// what they hold. Every state change of a RecruitRegistry aggregate writes an event, so no change goes unannounced.
    /// </summary>
    public event Action? Changed;

    internal void RaiseChanged() => Changed?.Invoke();

    public async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>
    /// A pooled connection for reads by a list of keys of varying length (<c>= ANY(@Keys)</c>), as a
    /// <see cref="BatchingLookup{TKey,TValue}"/> makes. On PostgreSQL its sessions plan a prepared statement once
    /// (<c>plan_cache_mode = force_generic_plan</c>): in the default mode PostgreSQL finds a plan for a short list cheaper
    /// than the generic plan and so plans such a statement again at every call. A statement read here must keep its index
    /// when it is planned on an empty table, since the plan is kept (WorkerViewTests).
    /// </summary>
    public async ValueTask<DbConnection> OpenListReadConnectionAsync(CancellationToken cancellationToken) =>
        await listSource.OpenConnectionAsync(cancellationToken);

    /// <summary>
    /// A connection outside the pool for session state that must end with it (LISTEN, advisory locks): pooled connections
    /// are handed on without a reset. SQLite has no such state and opens an ordinary connection.
    /// </summary>
    public async ValueTask<DbConnection> OpenSessionAsync(CancellationToken cancellationToken) =>
        await sessionSource.OpenConnectionAsync(cancellationToken);

    /// <summary>Opens a connection and a transaction: one unit of work, one commit.</summary>
    public async Task<UnitOfWork> BeginAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new UnitOfWork(this, connection, transaction, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await dataSource.DisposeAsync();
        if (!ReferenceEquals(sessionSource, dataSource))
        {
            await sessionSource.DisposeAsync();
        }

        if (!ReferenceEquals(listSource, dataSource))
        {
            await listSource.DisposeAsync();
        }
    }
}
