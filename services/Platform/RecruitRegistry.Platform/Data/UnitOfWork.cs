using System.Data.Common;
using System.Text.Json;
using Dapper;
using RecruitRegistry.Platform.Messaging;

namespace RecruitRegistry.Platform.Data;

/// <summary>
/// One transaction on a service's database. State changes, history rows and outbox rows written through it
/// commit together or not at all; after a commit that wrote events, the relay is woken.
/// </summary>
public sealed class UnitOfWork : IAsyncDisposable
{
    private readonly ServiceDatabase database;
    private readonly CancellationToken cancellationToken;
    private bool wroteEvents;
    private List<Action>? committed;

    internal UnitOfWork(ServiceDatabase database, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        this.database = database;
        Connection = connection;
        Transaction = transaction;
        this.cancellationToken = cancellationToken;
    }

    public DbConnection Connection { get; }

    public DbTransaction Transaction { get; }

    public SqlDialect Dialect => database.Dialect;

    public DateTimeOffset Now => database.Clock.GetUtcNow();

    /// <summary>
    /// Values that live as long as this transaction: reference data an effect reads once and reuses for every message of
    /// a batch (<see cref="InboxBatchConsumer{TMessage,TDatabase}"/>). Whatever is kept here must not be changed by the
    /// transaction itself after it was read.
    /// </summary>
    public Dictionary<string, object> Items { get; } = [];

    public Task<int> ExecuteAsync(string sql, object? parameters = null) =>
        Connection.ExecuteAsync(Command(sql, parameters));

    public Task<IEnumerable<T>> QueryAsync<T>(string sql, object? parameters = null) =>
        Connection.QueryAsync<T>(Command(sql, parameters));

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters = null) =>
        Connection.QuerySingleOrDefaultAsync<T>(Command(sql, parameters));

    public Task<T> ExecuteScalarAsync<T>(string sql, object? parameters = null) =>
        Connection.ExecuteScalarAsync<T>(Command(sql, parameters))!;

    /// <summary>
    /// Writes an integration event to the outbox in this transaction (no NOTIFY here: a NOTIFY in the writing
    /// transaction serializes every commit on PostgreSQL's notification queue lock; see docs/benchmarks.md). Its id becomes the MassTransit MessageId
    /// and every consumer's inbox key.
    /// </summary>
    public async Task<Guid> PublishAsync<T>(T message)
        where T : class
    {
        var messageType = database.MessageTypes.NameOf(typeof(T));
        var messageId = Guid.CreateVersion7(Now);
        await ExecuteAsync(OutboxSql.Insert, new
        {
            MessageId = messageId,
            MessageType = messageType,
            Body = JsonSerializer.Serialize(message, OutboxMessageTypes.JsonOptions),
            CreatedAt = Now,
        });

        wroteEvents = true;
        return messageId;
    }

    /// <summary>Runs <paramref name="action"/> once this unit of work has committed (never if it rolls back): for
    /// in-memory state that must not see what the transaction wrote before everyone else can.</summary>
    public void OnCommitted(Action action) => (committed ??= []).Add(action);

    public async Task CommitAsync()
    {
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
