using System.Collections;
using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace RecruitRegistry.Platform.Data;

/// <summary>
/// Writes a unit of work has queued and not yet sent: they go to the database together, in order, in one round trip.
/// <para>
/// PostgreSQL: an <see cref="NpgsqlBatch"/> with one command per write. Each statement's <c>@Name</c> parameters are
/// rewritten once per SQL text and parameter type to positional ones (<c>$1</c>, <c>$2</c>, …) and filled straight from the
/// parameter object's properties, so Npgsql neither parses nor rewrites the text, and every write of the same statement
/// runs one prepared statement (the pool's automatic preparation).
/// </para>
/// <para>
/// SQLite: the writes are merged into one command, each statement's parameters renamed apart (<c>@Id</c> of the third
/// statement becomes <c>@Id__2</c>) so that one parameter collection serves them all; SQLite runs them in order. A
/// command's text stays under <see cref="MaxCommandText"/> characters, so no command text lands on the large-object
/// heap, which only a full collection frees.
/// </para>
/// Only plain parameter objects (anonymous objects, records) are batched or merged; a statement with
/// <see cref="SqlMapper.IDynamicParameters"/> or a list of parameter sets is sent on its own through Dapper, in its place,
/// and so is, on PostgreSQL, a write holding more than one statement.
/// </summary>
internal sealed partial class WriteBatch
{
    /// <summary>Characters of SQL per merged command: 64 KB as UTF-16, below the 85,000-byte large-object threshold.</summary>
    public const int MaxCommandText = 32_000;

    /// <summary>Commands per PostgreSQL batch (a batch of a hundred audits queues some 600).</summary>
    public const int MaxBatchCommands = 1_000;

    private static readonly ConcurrentDictionary<Type, Dictionary<string, PropertyInfo>> Properties = new();

    private readonly List<(string Sql, object? Parameters)> writes = [];

    public bool IsEmpty => writes.Count == 0;

    public void Add(string sql, object? parameters) => writes.Add((sql, parameters));

    /// <summary>Sends every queued write, in order, on the unit of work's connection and transaction.</summary>
    public Task FlushAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        connection is NpgsqlConnection npgsql
            ? FlushAsBatchAsync(npgsql, (NpgsqlTransaction)transaction, cancellationToken)
            : FlushAsync((sql, parameters) => connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken)));

    private async Task FlushAsBatchAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var queued = writes.ToArray();
        writes.Clear();
        var batch = new NpgsqlBatch(connection, transaction);
        try
        {
            foreach (var (sql, parameters) in queued)
            {
                if (PositionalStatement.For(sql, parameters) is { } statement)
                {
                    batch.BatchCommands.Add(statement.Command(parameters));
                    if (batch.BatchCommands.Count == MaxBatchCommands)
                    {
                        await SendAsync(batch, cancellationToken);
                    }

                    continue;
                }

                await SendAsync(batch, cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
            }

            await SendAsync(batch, cancellationToken);
        }
        finally
        {
            await batch.DisposeAsync();
        }
    }

    private static async Task SendAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
            batch.BatchCommands.Clear();
        }
    }

    /// <summary>Merges the queued writes into as few commands as their parameters allow and hands each to <paramref name="execute"/>.</summary>
    public async Task FlushAsync(Func<string, object?, Task> execute)
    {
        if (writes.Count == 0)
        {
            return;
        }

        var queued = writes.ToArray();
        writes.Clear();
        var merged = new List<(string Sql, object? Parameters)>();
        var length = 0;
        foreach (var write in queued)
        {
            if (Mergeable(write.Parameters))
            {
                if (merged.Count > 0 && length + write.Sql.Length > MaxCommandText)
                {
                    await SendAsync(merged, execute);
                    length = 0;
                }

                merged.Add(write);
                length += write.Sql.Length;
                continue;
            }

            await SendAsync(merged, execute);
            length = 0;
            await execute(write.Sql, write.Parameters);
        }

        await SendAsync(merged, execute);
    }

    private static async Task SendAsync(List<(string Sql, object? Parameters)> writes, Func<string, object?, Task> execute)
    {
        switch (writes.Count)
        {
            case 0:
                return;
            case 1:
                await execute(writes[0].Sql, writes[0].Parameters);
                break;
            default:
                var (sql, parameters) = Merge(writes);
                await execute(sql, parameters);
                break;
        }

        writes.Clear();
    }

    private static (string Sql, DynamicParameters Parameters) Merge(IReadOnlyList<(string Sql, object? Parameters)> writes)
    {
        var text = new StringBuilder();
        var parameters = new DynamicParameters();
        for (var i = 0; i < writes.Count; i++)
        {
            var (sql, values) = writes[i];
            var properties = values is null ? [] : Properties.GetOrAdd(values.GetType(), Readable);
            var suffix = "__" + i;
            var added = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var renamed = ParameterToken().Replace(sql, match =>
            {
                var name = match.Groups[1].Value;
                if (!properties.TryGetValue(name, out var property))
                {
                    return match.Value;
                }

                if (added.Add(name))
                {
                    parameters.Add(name + suffix, property.GetValue(values));
                }

                return "@" + name + suffix;
            });
            text.Append(renamed.TrimEnd().TrimEnd(';')).Append(";\n");
        }

        return (text.ToString(), parameters);
    }

    private static bool Mergeable(object? parameters) =>
        parameters is null or not (SqlMapper.IDynamicParameters or IEnumerable);

    private static Dictionary<string, PropertyInfo> Readable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A queued PostgreSQL statement with positional parameters, and the properties of the parameter object that fill
    /// them in order: made once per SQL text and parameter type. Values go to Npgsql as the service's Dapper type handlers
    /// would hand them over (an instant as UTC, an enum as its number); a null carries the type of its property, so
    /// PostgreSQL never has to guess the type of a parameter that is null.
    /// </summary>
    private sealed class PositionalStatement
    {
        /// <summary>SQL texts are constants of the code (their values go in parameters), so the cache stays small; the cap is a guard.</summary>
        private const int MaxCached = 10_000;

        private static readonly ConcurrentDictionary<(string Sql, Type Type), PositionalStatement?> Cache = new();

        private static readonly Dictionary<Type, DbType> NullTypes = new()
        {
            [typeof(string)] = DbType.String, [typeof(Guid)] = DbType.Guid, [typeof(decimal)] = DbType.Decimal,
            [typeof(long)] = DbType.Int64, [typeof(int)] = DbType.Int32, [typeof(short)] = DbType.Int16,
            [typeof(bool)] = DbType.Boolean, [typeof(double)] = DbType.Double, [typeof(DateOnly)] = DbType.Date,
            [typeof(DateTimeOffset)] = DbType.DateTimeOffset, [typeof(byte[])] = DbType.Binary,
        };

        private readonly string sql;
        private readonly PropertyInfo[] properties;
        private readonly DbType?[] nullTypes;

        private PositionalStatement(string sql, PropertyInfo[] properties)
        {
            this.sql = sql;
            this.properties = properties;
            nullTypes = properties
                .Select(p => NullTypes.TryGetValue(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType, out var type) ? type : (DbType?)null)
                .ToArray();
        }

        /// <summary>The statement for a write, or null when it must go on its own (not a plain object, or several statements).</summary>
        public static PositionalStatement? For(string sql, object? parameters)
        {
            if (!Mergeable(parameters))
            {
                return null;
            }

            var key = (sql, parameters?.GetType() ?? typeof(object));
            if (Cache.TryGetValue(key, out var statement))
            {
                return statement;
            }

            statement = Create(sql, key.Item2);
            if (Cache.Count < MaxCached)
            {
                Cache.TryAdd(key, statement);
            }

            return statement;
        }

        public NpgsqlBatchCommand Command(object? values)
        {
            var command = new NpgsqlBatchCommand(sql);
            for (var i = 0; i < properties.Length; i++)
            {
                var value = properties[i].GetValue(values);
                var parameter = new NpgsqlParameter { Value = ToDatabase(value) };
                if (value is null && nullTypes[i] is { } type)
                {
                    parameter.DbType = type;
                }

                command.Parameters.Add(parameter);
            }

            return command;
        }

        private static PositionalStatement? Create(string sql, Type type)
        {
            var text = sql.TrimEnd().TrimEnd(';');
            if (text.Contains(';'))
            {
                return null; // Npgsql takes one statement per positional command
            }

            var readable = type == typeof(object) ? [] : Properties.GetOrAdd(type, Readable);
            var used = new List<PropertyInfo>();
            var positional = ParameterToken().Replace(text, match =>
            {
                if (!readable.TryGetValue(match.Groups[1].Value, out var property))
                {
                    return match.Value;
                }

                var index = used.IndexOf(property);
                if (index < 0)
                {
                    used.Add(property);
                    index = used.Count - 1;
                }

                return "$" + (index + 1).ToString(CultureInfo.InvariantCulture);
            });
            return new PositionalStatement(positional, [.. used]);
        }

        private static object ToDatabase(object? value) => value switch
        {
            null => DBNull.Value,
            DateTimeOffset instant => instant.ToUniversalTime(),
            Enum number => Convert.ChangeType(number, Enum.GetUnderlyingType(number.GetType()), CultureInfo.InvariantCulture),
            _ => value,
        };
    }

    /// <summary>A named parameter as Dapper finds them: <c>@</c> and an identifier (so <c>@&gt;</c> is an operator).</summary>
    [GeneratedRegex(@"(?<![\w@])@([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex ParameterToken();
}
