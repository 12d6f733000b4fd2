-- What WorkerContracts knows of Licensing, from its events: enough to authorise a registration and to show a worker
-- the agency's licence status. Versioned: an event older than the row changes nothing.

CREATE TABLE corridor_replicas (
    id $uuid$ PRIMARY KEY,
    origin_country TEXT NOT NULL,
    destination_country TEXT NOT NULL,
    state TEXT NOT NULL,
    destination_accreditation_required $bool$ NOT NULL,
    minimum_worker_age INTEGER NOT NULL,
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

CREATE TABLE licence_replicas (
    id $uuid$ PRIMARY KEY,
    agency_id $uuid$ NOT NULL,
    kind TEXT NOT NULL,
    number TEXT NOT NULL,
    issuing_country TEXT NOT NULL,
    destination_countries TEXT NOT NULL,
    sectors TEXT NOT NULL,
    valid_from $date$ NOT NULL,
    valid_until $date$ NOT NULL,
    state TEXT NOT NULL,
    suspended_since $date$ NULL,
    suspended_until $date$ NULL,
    version BIGINT NOT NULL
);

CREATE INDEX ix_licence_replicas_agency ON licence_replicas (agency_id);
