-- Employment contracts. The worker's name stays here (it never leaves in events); the passport number and the
-- verification code are stored only as keyed hashes (HMAC-SHA256 under keys from configuration).

CREATE TABLE contracts (
    id $uuid$ PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    agency_id $uuid$ NOT NULL,
    origin_country TEXT NOT NULL,
    destination_country TEXT NOT NULL,
    status TEXT NOT NULL,
    endorsement_state TEXT NOT NULL,
    sector TEXT NOT NULL,
    worker_full_name TEXT NOT NULL,
    worker_sex TEXT NOT NULL,
    worker_date_of_birth $date$ NOT NULL,
    worker_nationality TEXT NOT NULL,
    worker_language TEXT NOT NULL,
    passport_hash TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    signed_on $date$ NOT NULL,
    start_date $date$ NOT NULL,
    terms_version INTEGER NOT NULL,
    terms_fingerprint TEXT NOT NULL,
    -- The latest endorsement decision and the termination, as DecisionMetadata JSON (history: contract_decisions).
    endorsement TEXT NULL,
    termination_kind TEXT NULL,
    ended_on $date$ NULL,
    termination TEXT NULL,
    registered_by TEXT NOT NULL,
    registered_at $timestamp$ NOT NULL,
    version BIGINT NOT NULL
);

-- Searches walk the newest first (UUIDv7 ids are time-ordered) within a corridor or an agency.
CREATE INDEX ix_contracts_corridor ON contracts (origin_country, destination_country, id);
CREATE INDEX ix_contracts_agency ON contracts (agency_id, id);
CREATE INDEX ix_contracts_passport ON contracts (passport_hash);

-- Every version of the terms and fees, as registered or amended; never updated.
CREATE TABLE contract_versions (
    contract_id $uuid$ NOT NULL REFERENCES contracts (id),
    terms_version INTEGER NOT NULL,
    -- The contract's version when these terms were recorded: audits name the contract version they audited.
    contract_version BIGINT NOT NULL,
    terms TEXT NOT NULL,
    terms_fingerprint TEXT NOT NULL,
    reason TEXT NOT NULL,
    worker_consent_recorded $bool$ NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at $timestamp$ NOT NULL,
    PRIMARY KEY (contract_id, terms_version)
);

-- Append-only: who did what to a contract, when, why and under which law.
CREATE TABLE contract_decisions (
    id $uuid$ PRIMARY KEY,
    contract_id $uuid$ NOT NULL REFERENCES contracts (id),
    kind TEXT NOT NULL,
    status_before TEXT NULL,
    status_after TEXT NOT NULL,
    actor TEXT NOT NULL,
    authority_country TEXT NULL,
    decided_at $timestamp$ NOT NULL,
    reason TEXT NOT NULL,
    legal_basis TEXT NOT NULL
);

CREATE INDEX ix_contract_decisions_contract ON contract_decisions (contract_id, decided_at);

-- Idempotent registration: a client's request id, per agency, names one contract.
CREATE TABLE registration_requests (
    agency_id $uuid$ NOT NULL,
    request_id TEXT NOT NULL,
    request_sha256 TEXT NOT NULL,
    contract_id $uuid$ NOT NULL REFERENCES contracts (id),
    created_at $timestamp$ NOT NULL,
    PRIMARY KEY (agency_id, request_id)
);

-- FeeAudits' verdict on each version of the terms (from ContractAudited), newest audit kept.
CREATE TABLE contract_audits (
    contract_id $uuid$ NOT NULL,
    terms_version INTEGER NOT NULL,
    contract_version BIGINT NOT NULL,
    audit_version BIGINT NOT NULL,
    outcome TEXT NOT NULL,
    findings TEXT NOT NULL,
    undetermined_reason TEXT NULL,
    audited_at $timestamp$ NOT NULL,
    PRIMARY KEY (contract_id, terms_version)
);

-- A worker's proof of substitution: the registered terms against those handed over abroad.
CREATE TABLE substitution_reports (
    id $uuid$ PRIMARY KEY,
    contract_id $uuid$ NOT NULL REFERENCES contracts (id),
    terms_version INTEGER NOT NULL,
    offered_fingerprint TEXT NOT NULL,
    differences TEXT NOT NULL,
    reported_at $timestamp$ NOT NULL,
    UNIQUE (contract_id, offered_fingerprint)
);
