using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace RecruitRegistry.Platform.Data;

/// <summary>
/// Process-global Dapper handlers that read both engines' values and write what each engine wants:
/// PostgreSQL gets native uuid, timestamptz (UTC only: Npgsql refuses other offsets), date and numeric;
/// SQLite, which only stores long, double, text and blob, gets fixed-width ISO 8601 text that sorts as
/// it compares, and money as exact decimal text.
/// </summary>
public static class TypeHandlers
{
    private static int registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1)
        {
            return;
        }

        // Dapper consults its built-in type map before any handler when it binds a parameter: without removing
        // these entries, handlers would only be used for reading.
        foreach (var type in new[] { typeof(Guid), typeof(DateTimeOffset), typeof(DateOnly), typeof(decimal) })
        {
            SqlMapper.RemoveTypeMap(type);
            SqlMapper.RemoveTypeMap(typeof(Nullable<>).MakeGenericType(type));
        }

        // Columns are snake_case, row properties PascalCase: "valid_until" fills ValidUntil without an alias.
        DefaultTypeMap.MatchNamesWithUnderscores = true;

        SqlMapper.AddTypeHandler(new GuidHandler());
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
        SqlMapper.AddTypeHandler(new DecimalHandler());
    }

    /// <summary>The text form of an instant on SQLite: UTC, seven fraction digits, so text order is time order.</summary>
    public static string ToSqliteText(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static bool IsSqlite(IDbDataParameter parameter) => parameter is SqliteParameter;

    private sealed class GuidHandler : SqlMapper.TypeHandler<Guid>
    {
        public override Guid Parse(object value) => value switch
        {
            Guid g => g,
            string s => Guid.Parse(s),
            byte[] b => new Guid(b),
            _ => throw new InvalidCastException(value.GetType().Name),
        };

        public override void SetValue(IDbDataParameter parameter, Guid value)
        {
            if (IsSqlite(parameter))
            {
                parameter.DbType = DbType.String;
                parameter.Value = value.ToString("D");
            }
            else
            {
                parameter.Value = value;
            }
        }
    }

    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset d => d.ToUniversalTime(),
            DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
            string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime(),
            _ => throw new InvalidCastException(value.GetType().Name),
        };

        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            if (IsSqlite(parameter))
            {
                parameter.DbType = DbType.String;
                parameter.Value = ToSqliteText(value);
            }
            else
            {
                parameter.Value = value.ToUniversalTime();
            }
        }
    }

    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override DateOnly Parse(object value) => value switch
        {
            DateOnly d => d,
            DateTime d => DateOnly.FromDateTime(d),
            string s => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => throw new InvalidCastException(value.GetType().Name),
        };

        public override void SetValue(IDbDataParameter parameter, DateOnly value)
        {
            if (IsSqlite(parameter))
            {
                parameter.DbType = DbType.String;
                parameter.Value = value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
            else
            {
                parameter.Value = value;
            }
        }
    }

    private sealed class DecimalHandler : SqlMapper.TypeHandler<decimal>
    {
        public override decimal Parse(object value) => value switch
        {
            decimal d => d,
            string s => decimal.Parse(s, NumberStyles.Number, CultureInfo.InvariantCulture),
            long l => l,
            double => throw new InvalidCastException("A money column held a floating-point value."),
            _ => throw new InvalidCastException(value.GetType().Name),
        };

        public override void SetValue(IDbDataParameter parameter, decimal value)
        {
            if (IsSqlite(parameter))
            {
                // The invariant text keeps the scale ("10.50"), which SQLite's own decimal binding drops.
                parameter.DbType = DbType.String;
                parameter.Value = value.ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                parameter.DbType = DbType.Decimal;
                parameter.Value = value;
            }
        }
    }
}
