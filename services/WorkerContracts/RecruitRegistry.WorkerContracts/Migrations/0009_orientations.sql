-- Pre-departure orientations: one per certificate an origin authority or a provider it accredits issued, the worker
-- named by the keyed hash of their passport (as contracts are).
CREATE TABLE orientations (
    id $uuid$ PRIMARY KEY,
    origin_country TEXT NOT NULL,
    destination_country TEXT NOT NULL,
    passport_hash TEXT NOT NULL,
    completed_on $date$ NOT NULL,
    provider TEXT NOT NULL,
    language TEXT NOT NULL,
    hours INTEGER NOT NULL,
    certificate_number TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_by_role TEXT NOT NULL,
    recorded_at $timestamp$ NOT NULL,
    UNIQUE (origin_country, certificate_number)
);

CREATE INDEX ix_orientations_worker ON orientations (origin_country, destination_country, passport_hash, completed_on);

-- The orientation linked to a contract (a copy of its row as JSON: orientations never change), and the worker's
-- self-declared disability, recorded only with their consent (NULL: not recorded).
ALTER TABLE contracts ADD COLUMN orientation TEXT NULL;
ALTER TABLE contracts ADD COLUMN worker_disability TEXT NULL;

-- The corridor's rule (Licensing's corridor data): NONE, BEFORE_REGISTRATION or BEFORE_ENDORSEMENT, and its basis.
ALTER TABLE corridor_replicas ADD COLUMN orientation_required TEXT NOT NULL DEFAULT 'NONE';
ALTER TABLE corridor_replicas ADD COLUMN orientation_legal_basis TEXT NULL;
