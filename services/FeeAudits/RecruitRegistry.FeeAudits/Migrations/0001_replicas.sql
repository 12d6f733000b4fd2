-- What FeeAudits knows of the other services, from their events: corridors and agencies (Licensing), contracts
-- (WorkerContracts). Versioned: an event older than the row changes nothing.

CREATE TABLE corridor_replicas (
    id $uuid$ PRIMARY KEY,
    origin_country TEXT NOT NULL,
    destination_country TEXT NOT NULL,
    state TEXT NOT NULL,
    sectors TEXT NOT NULL,
    version BIGINT NOT NULL
);

CREATE INDEX ix_corridor_replicas_countries ON corridor_replicas (origin_country, destination_country);

CREATE TABLE agency_replicas (
    id $uuid$ PRIMARY KEY,
    legal_name TEXT NOT NULL,
    registration_number TEXT NOT NULL,
    country TEXT NOT NULL,
    version BIGINT NOT NULL
);

CREATE INDEX ix_agency_replicas_country ON agency_replicas (country);

-- A contract's current state and terms as WorkerContracts last published them, plus the verdict on its newest audited
-- terms (what the corridor report counts). Excess is also kept in minor units (an exact integer) so that reports sum
-- it in SQL on both engines.
CREATE TABLE contract_replicas (
    id $uuid$ PRIMARY KEY,
    reference TEXT NOT NULL,
    agency_id $uuid$ NOT NULL,
    origin_country TEXT NOT NULL,
    destination_country TEXT NOT NULL,
    sector TEXT NOT NULL,
    worker_sex TEXT NOT NULL,
    status TEXT NOT NULL,
    signed_on $date$ NOT NULL,
    start_date $date$ NOT NULL,
    wage_currency TEXT NOT NULL,
    wage_amount $money$ NOT NULL,
    duration_months INTEGER NOT NULL,
    fees TEXT NOT NULL,
    terms_fingerprint TEXT NOT NULL,
    terms_version INTEGER NOT NULL,
    registered_at $timestamp$ NOT NULL,
    version BIGINT NOT NULL,
    audit_terms_version INTEGER NULL,
    audit_outcome TEXT NULL,
    excess_currency TEXT NULL,
    excess_minor BIGINT NULL
);

CREATE INDEX ix_contract_replicas_corridor ON contract_replicas (origin_country, destination_country, registered_at);
CREATE INDEX ix_contract_replicas_agency ON contract_replicas (agency_id);
