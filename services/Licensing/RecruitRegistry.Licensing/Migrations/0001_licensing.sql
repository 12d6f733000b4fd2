-- Licensing: corridors, agencies, licences, their append-only decision history, appeals, and the compliance record
-- replicated from FeeAudits. Lists (sectors, destinations, conditions, directors) are JSON text: read whole, never
-- queried inside.

CREATE TABLE corridors (
    id $uuid$ PRIMARY KEY,
    origin_country TEXT NOT NULL,
    destination_country TEXT NOT NULL,
    state TEXT NOT NULL,
    proposed_by_country TEXT NOT NULL,
    bilateral_agreement_reference TEXT NOT NULL,
    destination_accreditation_required $bool$ NOT NULL,
    minimum_worker_age INTEGER NOT NULL,
    sectors TEXT NOT NULL,
    suspension_threshold INTEGER NOT NULL,
    suspension_window_months INTEGER NOT NULL,
    version BIGINT NOT NULL,
    UNIQUE (origin_country, destination_country)
);

CREATE TABLE corridor_decisions (
    id $uuid$ PRIMARY KEY,
    corridor_id $uuid$ NOT NULL REFERENCES corridors (id),
    kind TEXT NOT NULL,
    state_before TEXT NULL,
    state_after TEXT NOT NULL,
    actor TEXT NOT NULL,
    authority_country TEXT NULL,
    decided_at $timestamp$ NOT NULL,
    reason TEXT NOT NULL,
    legal_basis TEXT NOT NULL
);

CREATE INDEX ix_corridor_decisions_corridor ON corridor_decisions (corridor_id, decided_at);

CREATE TABLE agencies (
    id $uuid$ PRIMARY KEY,
    legal_name TEXT NOT NULL,
    -- Lower case without diacritics: the public registry searches names case- and accent-insensitively.
    search_name TEXT NOT NULL,
    registration_number TEXT NOT NULL,
    country TEXT NOT NULL,
    address TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    directors TEXT NOT NULL,
    version BIGINT NOT NULL,
    UNIQUE (country, registration_number)
);

CREATE TABLE licences (
    id $uuid$ PRIMARY KEY,
    agency_id $uuid$ NOT NULL REFERENCES agencies (id),
    kind TEXT NOT NULL,
    number TEXT NOT NULL,
    issuing_country TEXT NOT NULL,
    destination_countries TEXT NOT NULL,
    sectors TEXT NOT NULL,
    valid_from $date$ NOT NULL,
    valid_until $date$ NOT NULL,
    bond_currency TEXT NOT NULL,
    bond_amount $money$ NOT NULL,
    conditions TEXT NOT NULL,
    state TEXT NOT NULL,
    suspended_since $date$ NULL,
    suspended_until $date$ NULL,
    version BIGINT NOT NULL,
    UNIQUE (issuing_country, number)
);

-- CheckAuthorization and the registry read an agency's licences.
CREATE INDEX ix_licences_agency ON licences (agency_id);

-- Append-only: rows are inserted, never updated or deleted. state_snapshot is the licence as it was before the
-- decision, so an appeal that overturns it can restore that state exactly.
CREATE TABLE licence_decisions (
    id $uuid$ PRIMARY KEY,
    licence_id $uuid$ NOT NULL REFERENCES licences (id),
    kind TEXT NOT NULL,
    state_before TEXT NULL,
    state_after TEXT NOT NULL,
    actor TEXT NOT NULL,
    authority_country TEXT NULL,
    decided_at $timestamp$ NOT NULL,
    reason TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    appeal_deadline $date$ NULL,
    state_snapshot TEXT NULL
);

CREATE INDEX ix_licence_decisions_licence ON licence_decisions (licence_id, decided_at);

CREATE TABLE appeals (
    id $uuid$ PRIMARY KEY,
    decision_id $uuid$ NOT NULL UNIQUE REFERENCES licence_decisions (id),
    licence_id $uuid$ NOT NULL REFERENCES licences (id),
    state TEXT NOT NULL,
    grounds TEXT NOT NULL,
    filed_by TEXT NOT NULL,
    filed_at $timestamp$ NOT NULL,
    decided_by TEXT NULL,
    authority_country TEXT NULL,
    decided_at $timestamp$ NULL,
    outcome_reason TEXT NULL,
    outcome_legal_basis TEXT NULL,
    version BIGINT NOT NULL
);

-- Replica of FeeAudits' FeeViolationChanged, one row per case, versioned.
CREATE TABLE fee_violations (
    case_id $uuid$ PRIMARY KEY,
    agency_id $uuid$ NOT NULL,
    origin_country TEXT NOT NULL,
    destination_country TEXT NOT NULL,
    status TEXT NOT NULL,
    confirmed_at $timestamp$ NOT NULL,
    version BIGINT NOT NULL
);

CREATE INDEX ix_fee_violations_agency ON fee_violations (agency_id, confirmed_at);
