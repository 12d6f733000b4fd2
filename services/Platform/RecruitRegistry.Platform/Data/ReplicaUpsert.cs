namespace RecruitRegistry.Platform.Data;

/// <summary>
/// The one statement that keeps a replica row (idempotent versioned replicas, docs/architecture.md): the event's row is
/// inserted, or replaces the stored one only when its version is newer, so a repeated, stale or out-of-order event
/// changes nothing. The key is <c>id</c>, the order <c>version</c>; each column's parameter is its name in PascalCase
/// (<c>origin_country</c> from <c>@OriginCountry</c>).
/// </summary>
public static class ReplicaUpsert
{
    /// <summary>The statement for one event's row; <paramref name="columns"/> are the row's columns besides id and version.</summary>
    public static string Sql(string table, params string[] columns) =>
        $"INSERT INTO {table} ({List(columns)})\nVALUES ({string.Join(", ", All(columns).Select(Parameter))})\n{IfNewer(table, columns)}";

    /// <summary>The statement for a batch of events' rows (<see cref="RowsStatement"/>): one row per id, the newest.</summary>
    public static RowsStatement Rows(string table, params string[] columns) => new(
        Sql(table, columns),
        $"INSERT INTO {table} ({List(columns)})\nSELECT {List(columns)} FROM {RowsStatement.Rows(table)}\n{IfNewer(table, columns)}");

    private static IEnumerable<string> All(string[] columns) => ["id", .. columns, "version"];

    private static string List(string[] columns) => string.Join(", ", All(columns));

    private static string IfNewer(string table, string[] columns) =>
        $"ON CONFLICT (id) DO UPDATE SET {string.Join(", ", columns.Append("version").Select(c => $"{c} = excluded.{c}"))}\n"
        + $"WHERE {table}.version < excluded.version";

    private static string Parameter(string column) =>
        "@" + string.Concat(column.Split('_').Select(word => char.ToUpperInvariant(word[0]) + word[1..]));
}
