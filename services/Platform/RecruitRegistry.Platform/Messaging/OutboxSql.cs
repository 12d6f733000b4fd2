using RecruitRegistry.Platform.Data;

namespace RecruitRegistry.Platform.Messaging;

/// <summary>The outbox and inbox statements; the one engine-specific clause comes from the dialect.</summary>
internal static class OutboxSql
{
    public const string Insert = """
        INSERT INTO outbox (message_id, message_type, body, created_at, trace_parent, trace_state)
        VALUES (@MessageId, @MessageType, @Body, @CreatedAt, @TraceParent, @TraceState)
        """;

    /// <summary>A unit of work's events, their sequence in the order given.</summary>
    public static readonly RowsStatement InsertRows = new(Insert, $"""
        INSERT INTO outbox (message_id, message_type, body, created_at, trace_parent, trace_state)
        SELECT message_id, message_type, body, created_at, trace_parent, trace_state FROM {RowsStatement.Rows("outbox")} WITH ORDINALITY AS r
        ORDER BY r.ordinality
        """);

    public const string ClaimUnsent = """
        SELECT sequence, message_id, message_type, body, trace_parent, trace_state
        FROM outbox
        WHERE sent_at IS NULL
        ORDER BY sequence
        LIMIT @BatchSize
        """;

    public const string Backlog = """
        SELECT COUNT(*) AS unsent,
               (SELECT created_at FROM outbox WHERE sent_at IS NULL ORDER BY sequence LIMIT 1) AS oldest
        FROM outbox WHERE sent_at IS NULL
        """;

    public static string MarkSent(SqlDialect dialect) =>
        $"UPDATE outbox SET sent_at = @SentAt, attempts = attempts + 1 WHERE sequence {dialect.InList("@Sequences")}";

    public static string CountFailedAttempt(SqlDialect dialect) =>
        $"UPDATE outbox SET attempts = attempts + 1 WHERE sequence {dialect.InList("@Failed")}";

    /// <summary>Standalone start: rows sent since the last clean shutdown go out again.</summary>
    public const string ResetUncleanSent = """
        UPDATE outbox SET sent_at = NULL
        WHERE sent_at IS NOT NULL AND sequence > (SELECT clean_through FROM outbox_state WHERE id = 1)
        """;

    public const string MarkClean = """
        UPDATE outbox_state
        SET clean_through = COALESCE((SELECT MAX(sequence) FROM outbox WHERE sent_at IS NOT NULL), clean_through)
        WHERE id = 1
        """;

    /// <summary>
    /// Deletes sent rows older than the cutoff, in sequence order up to the first row that must stay (unsent, sent
    /// after the cutoff, or, in replay mode, above the clean mark): every row below that boundary was sent before the
    /// cutoff, and the boundary is found by walking the primary key, with no index on sent_at.
    /// </summary>
    public const string PruneSent = """
        DELETE FROM outbox
        WHERE sequence < COALESCE(
            (SELECT sequence FROM outbox
             WHERE sent_at IS NULL OR sent_at >= @Cutoff
                OR (@KeepAboveCleanMark = 1 AND sequence > (SELECT clean_through FROM outbox_state WHERE id = 1))
             ORDER BY sequence LIMIT 1),
            (SELECT MAX(sequence) + 1 FROM outbox))
        """;

    public const string PruneInbox = "DELETE FROM inbox WHERE received_at < @Cutoff";

    public const string InsertInbox = """
        INSERT INTO inbox (message_id, consumer, received_at) VALUES (@MessageId, @Consumer, @ReceivedAt)
        ON CONFLICT (message_id, consumer) DO NOTHING
        """;
}

/// <summary>An outbox row as the relay reads it.</summary>
internal sealed record OutboxRow
{
    public long Sequence { get; init; }
    public Guid MessageId { get; init; }
    public string MessageType { get; init; } = "";
    public string Body { get; init; } = "";
    public string? TraceParent { get; init; }
    public string? TraceState { get; init; }
}
