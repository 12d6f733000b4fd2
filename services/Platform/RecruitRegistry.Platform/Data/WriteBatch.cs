using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;

namespace RecruitRegistry.Platform.Data;

/// <summary>
/// Writes a unit of work has queued and not yet sent: they go to the database as one command (one round trip), each
/// statement's parameters renamed apart (<c>@Id</c> of the third statement becomes <c>@Id__2</c>) so that one
/// parameter collection serves them all. Npgsql splits such a command into a batch of statements; SQLite runs them in
/// order. Only plain parameter objects (anonymous objects, records) are merged; a statement with
/// <see cref="SqlMapper.IDynamicParameters"/> or a list of parameter sets is sent on its own, in its place. A command's
/// text stays under <see cref="MaxCommandText"/> characters (a batch of a hundred audits queues some 600 statements):
/// a longer one starts the next command, so no command text lands on the large-object heap, which only a full
/// collection frees.
/// </summary>
internal sealed partial class WriteBatch
{
    /// <summary>Characters of SQL per merged command: 64 KB as UTF-16, below the 85,000-byte large-object threshold.</summary>
    public const int MaxCommandText = 32_000;

    private static readonly ConcurrentDictionary<Type, Dictionary<string, PropertyInfo>> Properties = new();

    private readonly List<(string Sql, object? Parameters)> writes = [];

    public bool IsEmpty => writes.Count == 0;

    public void Add(string sql, object? parameters) => writes.Add((sql, parameters));

    /// <summary>Sends every queued write, in order, in as few commands as their parameters allow.</summary>
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

    /// <summary>A named parameter as Dapper finds them: <c>@</c> and an identifier (so <c>@&gt;</c> is an operator).</summary>
    [GeneratedRegex(@"(?<![\w@])@([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex ParameterToken();
}
