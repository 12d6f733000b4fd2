using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RecruitRegistry.Platform.Data;

/// <summary>
/// One statement applied to many rows (<see cref="UnitOfWork.ExecuteForRowsAsync{T}"/>). <see cref="EachRow"/> takes one
/// row's properties as parameters (<c>@ContractId</c>); SQLite, in process, runs it once per row. <see cref="AllRows"/>
/// takes every row at once from the JSON array <c>@Rows</c> (<see cref="Rows"/>): PostgreSQL runs it once, so a batch of a
/// hundred rows costs one round trip instead of a hundred. A row's JSON names its properties in snake_case, as the columns.
/// </summary>
public sealed record RowsStatement(string EachRow, string AllRows)
{
    /// <summary>
    /// The rows of <c>@Rows</c> as the row type of <paramref name="table"/>, for <see cref="AllRows"/>: a column the rows do
    /// not name is NULL, a property that is no column is ignored.
    /// </summary>
    public static string Rows(string table) => $"jsonb_populate_recordset(NULL::{table}, @Rows::jsonb)";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new MicrosecondsUtc() },
    };

    internal static string Json<T>(IEnumerable<T> rows) => JsonSerializer.Serialize(rows, JsonOptions);

    /// <summary>
    /// An instant as Npgsql would bind it (UTC, cut to PostgreSQL's microseconds, not rounded), so a time written through
    /// <see cref="AllRows"/> reads back as through <see cref="EachRow"/>.
    /// </summary>
    private sealed class MicrosecondsUtc : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("rows are only written");

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
    }
}
