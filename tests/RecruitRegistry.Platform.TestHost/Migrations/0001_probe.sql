-- The probe source (what the writer owns) and its replica (what the consumer builds from events). Both tables exist
-- in both test databases; each side uses its own.
CREATE TABLE probe (
    id $uuid$ PRIMARY KEY,
    value TEXT NOT NULL,
    version BIGINT NOT NULL
);

CREATE TABLE probe_replica (
    id $uuid$ PRIMARY KEY,
    value TEXT NOT NULL,
    version BIGINT NOT NULL
);

-- One row each time the consumer applied a message: "applied exactly once" is one row per message id.
CREATE TABLE probe_apply_log (
    message_id $uuid$ NOT NULL,
    probe_id $uuid$ NOT NULL,
    version BIGINT NOT NULL
);
