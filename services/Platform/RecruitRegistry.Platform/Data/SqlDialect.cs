namespace RecruitRegistry.Platform.Data;

/// <summary>
/// Everything that differs between PostgreSQL and SQLite, in one place. Statements elsewhere are written
/// in the SQL both understand (ON CONFLICT, partial indexes, LIMIT); migrations name column types
/// through the variables below, so one script serves both engines.
/// </summary>
public abstract class SqlDialect
{
    public static SqlDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Postgres => Postgres.Instance,
        DatabaseProvider.Sqlite => Sqlite.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    public abstract DatabaseProvider Provider { get; }

    /// <summary>Substituted into migration scripts as $name$ (DbUp variables).</summary>
    public abstract IReadOnlyDictionary<string, string> MigrationVariables { get; }

    /// <summary>
    /// Suffix of the statement that claims unsent outbox rows. PostgreSQL locks the claimed rows and skips
    /// rows other relays hold, so several relays can share one database; SQLite has one relay per file.
    /// </summary>
    public abstract string ClaimSuffix { get; }

    /// <summary>Whether the relay must hold a transaction from claim to mark-sent (row locks live in it).</summary>
    public abstract bool ClaimHoldsTransaction { get; }

    /// <summary>
    /// Opens the relay's settling statement (its marks and, on PostgreSQL, the COMMIT in the same round trip): the relay's
    /// commit does not wait for its WAL to reach the disk. Losing such a commit in a server crash only publishes its rows
    /// again, which the consumers' inbox drops; the writes that matter (the service's own, with their outbox rows) commit
    /// synchronously as before. Empty where the engine has no such setting.
    /// </summary>
    public abstract string RelaySettlePrefix { get; }

    /// <summary>
    /// Suffix of a SELECT that locks the rows it reads until the transaction ends, so that decisions depending on a
    /// count are taken one at a time (PostgreSQL: FOR UPDATE; SQLite has one writer per file, which serializes anyway).
    /// </summary>
    public abstract string RowLockSuffix { get; }

    /// <summary>Wakes relays in other processes (sent by the notifier after commits); null where the engine cannot.</summary>
    public abstract string? NotifyOutboxSql { get; }

    /// <summary>
    /// "column matches any element of a list parameter": Dapper hands a list to Npgsql as one array parameter
    /// (<c>= ANY(@Ids)</c>) but expands it into <c>IN (@Ids1, @Ids2, …)</c> for SQLite.
    /// </summary>
    public abstract string InList(string parameter);

    /// <summary>
    /// Ids as the value of an <see cref="InList"/> parameter. Dapper binds the items of an expanded list without the type
    /// handlers, so SQLite would be given each Guid as a 16-byte blob, which never equals the text it stores.
    /// </summary>
    public abstract System.Collections.IEnumerable Ids(IEnumerable<Guid> ids);

    /// <summary>
    /// Claims the inbox rows of a batch of messages in one statement (<c>@MessageIds</c>, <c>@Consumer</c>,
    /// <c>@ReceivedAt</c>) and returns the ids whose row is new; null where the engine has no array parameters (SQLite:
    /// one claim per message, on one writer anyway).
    /// </summary>
    public abstract string? ClaimInboxBatchSql { get; }

    private sealed class Postgres : SqlDialect
    {
        public static readonly Postgres Instance = new();

        public override DatabaseProvider Provider => DatabaseProvider.Postgres;

        public override IReadOnlyDictionary<string, string> MigrationVariables { get; } = new Dictionary<string, string>
        {
            ["uuid"] = "uuid",
            ["timestamp"] = "timestamptz",
            ["date"] = "date",
            ["money"] = "numeric",
            ["bool"] = "boolean",
            ["bytes"] = "bytea",
            ["identity"] = "bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
        };

        public override string ClaimSuffix => "FOR UPDATE SKIP LOCKED";

        public override bool ClaimHoldsTransaction => true;

        public override string RowLockSuffix => "FOR UPDATE";

        public override string RelaySettlePrefix => "SET LOCAL synchronous_commit = off;\n";

        public override string? NotifyOutboxSql => "SELECT pg_notify('" + OutboxChannel + "', '')";

        public override string InList(string parameter) => $"= ANY({parameter})";

        public override System.Collections.IEnumerable Ids(IEnumerable<Guid> ids) => ids.ToArray();

        public override string? ClaimInboxBatchSql => """
            INSERT INTO inbox (message_id, consumer, received_at)
            SELECT id, @Consumer, @ReceivedAt FROM unnest(@MessageIds) AS claimed (id)
            ON CONFLICT (message_id, consumer) DO NOTHING
            RETURNING message_id
            """;
    }

    private sealed class Sqlite : SqlDialect
    {
        public static readonly Sqlite Instance = new();

        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        // SQLite has type affinities, not types: UUIDs, timestamps (ISO 8601 UTC, fixed width, so they sort),
        // dates and money (exact decimal text; no SQL arithmetic on it) are all TEXT.
        public override IReadOnlyDictionary<string, string> MigrationVariables { get; } = new Dictionary<string, string>
        {
            ["uuid"] = "TEXT",
            ["timestamp"] = "TEXT",
            ["date"] = "TEXT",
            ["money"] = "TEXT",
            ["bool"] = "INTEGER",
            ["bytes"] = "BLOB",
            ["identity"] = "INTEGER PRIMARY KEY AUTOINCREMENT",
        };

        public override string ClaimSuffix => "";

        public override bool ClaimHoldsTransaction => false;

        public override string RowLockSuffix => "";

        public override string RelaySettlePrefix => "";

        public override string? NotifyOutboxSql => null;

        public override string InList(string parameter) => $"IN {parameter}";

        public override System.Collections.IEnumerable Ids(IEnumerable<Guid> ids) => ids.Select(id => id.ToString("D")).ToArray(); // as TypeHandlers writes them

        public override string? ClaimInboxBatchSql => null;
    }

    /// <summary>True when an insert failed on a unique key, whichever engine raised it.</summary>
    public static bool IsUniqueViolation(Exception exception) => exception switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException lite => lite.SqliteErrorCode == 19 && lite.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };

    /// <summary>The PostgreSQL LISTEN/NOTIFY channel of the outbox; channels are per database.</summary>
    public const string OutboxChannel = "recruit_outbox";
}
