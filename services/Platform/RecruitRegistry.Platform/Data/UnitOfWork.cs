using System.Data.Common;
using System.Text.Json;
using Dapper;
using Npgsql;
using RecruitRegistry.Platform.Messaging;

namespace RecruitRegistry.Platform.Data;

/// <summary>
/// One transaction on a service's database. State changes, history rows and outbox rows written through it
/// commit together or not at all; after a commit that wrote events, the relay is woken.
/// <para>
/// Writes whose row count nobody needs (<see cref="Write"/>, and the outbox rows of <see cref="PublishAsync{T}"/>) are
/// queued and sent together, in order, in one round trip just before the next statement or with the commit (see
/// <see cref="WriteBatch"/>): on PostgreSQL a registration's five inserts and its COMMIT cost one round trip instead of six. Every statement of the
/// unit of work therefore still sees every write queued before it; a queued write that fails (a unique key) fails that
/// next statement or the commit, and the whole transaction with it.
/// </para>
/// </summary>
public sealed class UnitOfWork : IAsyncDisposable
{
    private readonly ServiceDatabase database;
    private readonly CancellationToken cancellationToken;
    private bool wroteEvents;
    private List<Action>? committed;
    private readonly WriteBatch pending = new();

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

    /// <summary>Runs a statement now and answers how many rows it changed (queued writes go first).</summary>
    public async Task<int> ExecuteAsync(string sql, object? parameters = null)
    {
        await FlushAsync();
        return await Connection.ExecuteAsync(Command(sql, parameters));
    }

    /// <summary>Queues a write whose row count does not matter; it is sent with the next statement's round trip or the commit.</summary>
    public void Write(string sql, object? parameters = null) => pending.Add(sql, parameters);

    public async Task<IEnumerable<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await FlushAsync();
        return await Connection.QueryAsync<T>(Command(sql, parameters));
    }

    /// <summary>Rows of a join, each mapped from three groups of columns split at <paramref name="splitOn"/> (Dapper multi-mapping).</summary>
    public async Task<IEnumerable<TResult>> QueryAsync<T1, T2, T3, TResult>(string sql, Func<T1, T2, T3, TResult> map, string splitOn, object? parameters = null)
    {
        await FlushAsync();
        return await Connection.QueryAsync(Command(sql, parameters), map, splitOn);
    }

    public async Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters = null)
    {
        await FlushAsync();
        return await Connection.QuerySingleOrDefaultAsync<T>(Command(sql, parameters));
    }

    public async Task<T> ExecuteScalarAsync<T>(string sql, object? parameters = null)
    {
        await FlushAsync();
        return (await Connection.ExecuteScalarAsync<T>(Command(sql, parameters)))!;
    }

    /// <summary>Several SELECTs in one round trip, read in order from the grid (dispose it before the next statement).</summary>
    public async Task<SqlMapper.GridReader> QueryMultipleAsync(string sql, object? parameters = null)
    {
        await FlushAsync();
        return await Connection.QueryMultipleAsync(Command(sql, parameters));
    }

    /// <summary>
    /// Writes an integration event to the outbox in this transaction, queued with its other writes (no NOTIFY here: a
    /// NOTIFY in the writing transaction serializes every commit on PostgreSQL's notification queue lock; see
    /// docs/benchmarks.md). Its id becomes the MassTransit MessageId and every consumer's inbox key.
    /// </summary>
    public Task<Guid> PublishAsync<T>(T message)
        where T : class
    {
        var messageType = database.MessageTypes.NameOf(typeof(T));
        var messageId = Guid.CreateVersion7(Now);
        Write(OutboxSql.Insert, new
        {
            MessageId = messageId,
            MessageType = messageType,
            Body = JsonSerializer.Serialize(message, OutboxMessageTypes.JsonOptions),
            CreatedAt = Now,
        });

        wroteEvents = true;
        return Task.FromResult(messageId);
    }

    /// <summary>Runs <paramref name="action"/> once this unit of work has committed (never if it rolls back): for
    /// in-memory state that must not see what the transaction wrote before everyone else can.</summary>
    public void OnCommitted(Action action) => (committed ??= []).Add(action);

    public async Task CommitAsync()
    {
        if (Transaction is NpgsqlTransaction && !pending.IsEmpty)
        {
            // PostgreSQL: the COMMIT rides in the queued writes' round trip. A write that fails ends the batch before
            // the COMMIT (the server skips the rest of it), so the transaction fails with that write and is rolled back
            // on disposal; after the COMMIT, Npgsql reads from the server's status that the transaction is over.
            pending.Add("COMMIT", null);
            await FlushAsync();
        }
        else
        {
            await FlushAsync();
            await Transaction.CommitAsync(cancellationToken);
        }

        if (wroteEvents)
        {
            database.OutboxSignal.Committed();
            database.RaiseChanged();
        }

        committed?.ForEach(action => action());
    }

    private Task FlushAsync() =>
        pending.IsEmpty ? Task.CompletedTask : pending.FlushAsync(Connection, Transaction, cancellationToken);

    private CommandDefinition Command(string sql, object? parameters) =>
        new(sql, parameters, Transaction, cancellationToken: cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // Disposing an uncommitted transaction rolls it back: nothing half-written stays behind.
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
