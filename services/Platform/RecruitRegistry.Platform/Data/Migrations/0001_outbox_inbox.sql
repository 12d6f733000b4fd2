-- Platform tables of every service database: the transactional outbox and the consumers' inbox.

CREATE TABLE outbox (
    sequence $identity$,
    message_id $uuid$ NOT NULL UNIQUE,
    message_type TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at $timestamp$ NOT NULL,
    sent_at $timestamp$ NULL,
    attempts INTEGER NOT NULL DEFAULT 0
);

-- The relay claims unsent rows in sequence order. Only unsent rows are in this partial index, so the claim
-- stays an index range scan however many sent rows wait for pruning.
CREATE INDEX ix_outbox_unsent ON outbox (sequence) WHERE sent_at IS NULL;

-- No index on sent_at: every mark-sent would have to maintain it. Pruning walks the primary key
-- instead (OutboxSql.PruneSent), and the standalone replay selects by sequence.

-- Standalone (in-memory bus) only: every row above clean_through was published since the last clean
-- shutdown, so it may not have been consumed; the relay re-publishes those on start.
CREATE TABLE outbox_state (
    id INTEGER PRIMARY KEY,
    clean_through BIGINT NOT NULL
);

INSERT INTO outbox_state (id, clean_through) VALUES (1, 0);

-- One row per message a consumer applied; the primary key, not a prior read, detects duplicates.
CREATE TABLE inbox (
    message_id $uuid$ NOT NULL,
    consumer TEXT NOT NULL,
    received_at $timestamp$ NOT NULL,
    PRIMARY KEY (message_id, consumer)
);

CREATE INDEX ix_inbox_received_at ON inbox (received_at);
