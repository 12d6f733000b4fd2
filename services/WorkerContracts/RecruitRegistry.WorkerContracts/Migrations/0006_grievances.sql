-- A worker's grievance filings. The hash of kind, date and account makes a retry name the first filing; the account
-- itself goes to FeeAudits with the event and is not kept here.
CREATE TABLE grievance_filings (
    id $uuid$ PRIMARY KEY,
    contract_id $uuid$ NOT NULL,
    filing_sha256 TEXT NOT NULL,
    filed_at $timestamp$ NOT NULL,
    UNIQUE (contract_id, filing_sha256)
);

-- FeeAudits' grievances about each contract, as GrievanceChanged carries them (versioned upsert), so that a worker
-- follows them with the reference and code. Version 0 is the worker's own filing until FeeAudits' first event.
CREATE TABLE grievance_replicas (
    id $uuid$ PRIMARY KEY,
    version BIGINT NOT NULL,
    contract_id $uuid$ NOT NULL,
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    filed_by TEXT NOT NULL,
    referred_to TEXT NULL,
    founded $bool$ NOT NULL,
    filed_at $timestamp$ NOT NULL,
    changed_at $timestamp$ NOT NULL
);

CREATE INDEX ix_grievance_replicas_contract ON grievance_replicas (contract_id, filed_at);
