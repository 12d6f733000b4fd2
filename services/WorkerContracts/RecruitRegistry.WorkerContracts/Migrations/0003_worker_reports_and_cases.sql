-- A worker's report of the fees actually paid, proven with the contract's verification code and sent on to FeeAudits
-- (FeesPaidReported). The same fees and account sent again are one report: report_sha256 is over their canonical form.
CREATE TABLE fee_reports (
    id $uuid$ PRIMARY KEY,
    contract_id $uuid$ NOT NULL REFERENCES contracts (id),
    report_sha256 TEXT NOT NULL,
    fees TEXT NOT NULL,
    account TEXT NOT NULL,
    reported_at $timestamp$ NOT NULL,
    UNIQUE (contract_id, report_sha256)
);

-- FeeAudits' cases (from CaseChanged), to show workers theirs; the newest version of each kept. Excess and refund
-- as the event states them (JSON): shown, never summed here.
CREATE TABLE case_replicas (
    id $uuid$ PRIMARY KEY,
    version BIGINT NOT NULL,
    contract_id $uuid$ NOT NULL,
    agency_id $uuid$ NOT NULL,
    origin_country TEXT NOT NULL,
    destination_country TEXT NOT NULL,
    opened_by TEXT NOT NULL,
    state TEXT NOT NULL,
    excess TEXT NULL,
    refund TEXT NULL,
    opened_at $timestamp$ NOT NULL,
    changed_at $timestamp$ NOT NULL
);

CREATE INDEX ix_case_replicas_contract ON case_replicas (contract_id, opened_at);
CREATE INDEX ix_case_replicas_corridor ON case_replicas (origin_country, destination_country);
