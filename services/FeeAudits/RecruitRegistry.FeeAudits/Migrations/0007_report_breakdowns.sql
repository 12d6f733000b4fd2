-- What the corridor report splits contracts by, beside sex and sector (docs/reports.md): the worker's age at signing
-- (never the date of birth), the ISCO-08 unit group, the self-declared disability recorded with consent, and the day
-- the linked pre-departure orientation was completed. NULL on rows replicated before: a republish fills them.
ALTER TABLE contract_replicas ADD COLUMN worker_age_at_signing INTEGER NULL;
ALTER TABLE contract_replicas ADD COLUMN isco08_code TEXT NULL;
ALTER TABLE contract_replicas ADD COLUMN worker_disability TEXT NULL;
ALTER TABLE contract_replicas ADD COLUMN oriented_on $date$ NULL;

CREATE INDEX ix_grievances_corridor_filed ON grievances (origin_country, destination_country, filed_at);
