using System.Data.Common;
using System.Text.Json;
using Dapper;
using RecruitRegistry.Platform.Hosting;
using RecruitRegistry.Platform.Messaging;

namespace RecruitRegistry.Platform.Data;

/// <summary>
/// One transaction on a service's database, its statements run through Dapper. State changes, history rows and outbox
/// rows written through it commit together or not at all; after a commit that wrote events, the relay is woken. The
/// caller's cancellation ends the statement under way and rolls the transaction back.
/// </summary>
public sealed class UnitOfWork : IAsyncDisposable
{
    private readonly ServiceDatabase database;
    private readonly CancellationToken cancellationToken;
    private List<OutboxRow>? events; // most units of work publish nothing: no list for them
    private bool wroteEvents;
    private List<Action>? committed;

    internal UnitOfWork(ServiceDatabase database, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        this.database = database;
        Connection = connection;
        Transaction = transaction;
        this.cancellationToken = cancellationToken;
    }

    private DbConnection Connection { get; }

    private DbTransaction Transaction { get; }

    public SqlDialect Dialect => database.Dialect;

    public DateTimeOffset Now => database.Clock.GetUtcNow();

    /// <summary>
    /// <see cref="Now"/> as the database keeps it (PostgreSQL: microseconds), for a time that is also answered or
    /// published: a later read of the stored value shows the same time.
    /// </summary>
    public DateTimeOffset NowAsStored
    {
        get
        {
            var now = Now;
            return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        }
    }

    /// <summary>Runs a statement and answers how many rows it changed.</summary>
    public Task<int> ExecuteAsync(string sql, object? parameters = null) => Connection.ExecuteAsync(Command(sql, parameters));

    public Task<IEnumerable<T>> QueryAsync<T>(string sql, object? parameters = null) => Connection.QueryAsync<T>(Command(sql, parameters));

    /// <summary>Rows of a join, each mapped from three groups of columns split at <paramref name="splitOn"/> (Dapper multi-mapping).</summary>
    public Task<IEnumerable<TResult>> QueryAsync<T1, T2, T3, TResult>(string sql, Func<T1, T2, T3, TResult> map, string splitOn, object? parameters = null) =>
        Connection.QueryAsync(Command(sql, parameters), map, splitOn);

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters = null) => Connection.QuerySingleOrDefaultAsync<T>(Command(sql, parameters));

    public async Task<T> ExecuteScalarAsync<T>(string sql, object? parameters = null) => (await Connection.ExecuteScalarAsync<T>(Command(sql, parameters)))!;

    /// <summary>
    /// Runs <paramref name="statement"/> for each of <paramref name="rows"/>, in order: on PostgreSQL as one statement over
    /// all of them, on SQLite once per row. Two rows that would change the same row are the caller's to merge first.
    /// </summary>
    public async Task ExecuteForRowsAsync<T>(RowsStatement statement, IReadOnlyCollection<T> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await (Dialect.Provider == DatabaseProvider.Postgres
            ? Connection.ExecuteAsync(Command(statement.AllRows, new { Rows = RowsStatement.Json(rows) }))
            : Connection.ExecuteAsync(Command(statement.EachRow, rows)));
    }

    /// <summary>Several SELECTs in one round trip, read in order from the grid (dispose it before the next statement).</summary>
    public Task<SqlMapper.GridReader> QueryMultipleAsync(string sql, object? parameters = null) => Connection.QueryMultipleAsync(Command(sql, parameters));

    /// <summary>
    /// Writes an integration event to the outbox in this transaction: the events of a unit of work are inserted together,
    /// in the order they were published, just before it commits (no NOTIFY here: a NOTIFY in the writing transaction
    /// serializes every commit on PostgreSQL's notification queue lock). Its id becomes the MassTransit MessageId and every
    /// consumer's inbox key.
    /// </summary>
    public Guid Publish<T>(T message)
        where T : class
    {
        var row = OutboxRow(message);
        (events ??= []).Add(row);
        return row.MessageId;
    }

    /// <summary>
    /// The outbox row of an integration event, for a statement list that writes it together with other rows
    /// (<see cref="Data.OutboxRow.Insert"/>); as with <see cref="Publish{T}"/>, the relay is woken once the unit of
    /// work commits.
    /// </summary>
    public OutboxRow OutboxRow<T>(T message)
        where T : class
    {
        wroteEvents = true;
        var (traceParent, traceState) = Telemetry.CurrentContext();
        return new OutboxRow(
            Guid.CreateVersion7(Now), database.MessageTypes.NameOf(typeof(T)), JsonSerializer.Serialize(message, OutboxMessageTypes.JsonOptions), Now,
            traceParent, traceState);
    }

    /// <summary>Runs <paramref name="action"/> once this unit of work has committed (never if it rolls back): for
    /// in-memory state that must not see what the transaction wrote before everyone else can.</summary>
    public void OnCommitted(Action action) => (committed ??= []).Add(action);

    public async Task CommitAsync()
    {
        if (events is not null)
        {
            await ExecuteForRowsAsync(OutboxSql.InsertRows, events);
        }

        await Transaction.CommitAsync(cancellationToken);

        if (wroteEvents)
        {
            database.OutboxSignal.Committed();
            database.RaiseChanged();
        }

        committed?.ForEach(action => action());
    }

    private CommandDefinition Command(string sql, object? parameters) =>
        new(sql, parameters, Transaction, cancellationToken: cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // Disposing an uncommitted transaction rolls it back: nothing half-written stays behind.
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}

/// <summary>An outbox row as <see cref="UnitOfWork.OutboxRow{T}"/> makes it, with the trace context it was written in.</summary>
public sealed record OutboxRow(Guid MessageId, string MessageType, string Body, DateTimeOffset CreatedAt, string? TraceParent, string? TraceState)
{
    /// <summary>The statement that writes the row, with its properties as parameters.</summary>
    public const string Insert = OutboxSql.Insert;
}
