-- Grievances: a worker's complaint of any kind, decided by the two authorities of the corridor.

-- The kinds, as data. Each answers to one of the ILO indicators of forced labour (ILO Special Action Programme to
-- Combat Forced Labour, "ILO Indicators of Forced Labour", 2012) and names the authority that acts first: the origin's
-- for what its licensed agency did before departure, the destination's for what happens at work.
CREATE TABLE grievance_kinds (
    code TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    ilo_indicator TEXT NOT NULL,
    acts_first TEXT NOT NULL,
    source TEXT NOT NULL
);

INSERT INTO grievance_kinds (code, label, ilo_indicator, acts_first, source) VALUES
  ('DOCUMENTS_RETAINED', 'Passport or identity documents retained', 'Retention of identity documents', 'DESTINATION', 'ILO Indicators of Forced Labour (2012), indicator 7'),
  ('WAGES_WITHHELD', 'Wages unpaid or withheld', 'Withholding of wages', 'DESTINATION', 'ILO Indicators of Forced Labour (2012), indicator 8'),
  ('CONTRACT_SUBSTITUTION', 'A different contract handed over than the one registered', 'Deception', 'ORIGIN', 'ILO Indicators of Forced Labour (2012), indicator 2'),
  ('JOB_DECEPTION', 'Deceived about the job, the employer or the conditions', 'Deception', 'ORIGIN', 'ILO Indicators of Forced Labour (2012), indicator 2'),
  ('EXCESSIVE_HOURS', 'Excessive hours or no rest day', 'Excessive overtime', 'DESTINATION', 'ILO Indicators of Forced Labour (2012), indicator 11'),
  ('ABUSE_OR_VIOLENCE', 'Physical, sexual or verbal abuse or violence', 'Physical and sexual violence', 'DESTINATION', 'ILO Indicators of Forced Labour (2012), indicator 5'),
  ('RETALIATION', 'Threatened or punished for complaining', 'Intimidation and threats', 'DESTINATION', 'ILO Indicators of Forced Labour (2012), indicator 6'),
  ('FEES_CHARGED', 'Recruitment fees or costs charged to the worker', 'Debt bondage', 'ORIGIN', 'ILO Indicators of Forced Labour (2012), indicator 9; ILO General principles and operational guidelines for fair recruitment (2019), principle 7'),
  ('MOVEMENT_RESTRICTED', 'Not free to leave the workplace or the housing', 'Restriction of movement', 'DESTINATION', 'ILO Indicators of Forced Labour (2012), indicator 3'),
  ('LIVING_CONDITIONS', 'Degrading working or living conditions', 'Abusive working and living conditions', 'DESTINATION', 'ILO Indicators of Forced Labour (2012), indicator 10');

CREATE TABLE grievances (
    id $uuid$ PRIMARY KEY,
    contract_id $uuid$ NOT NULL,
    agency_id $uuid$ NOT NULL,
    origin_country TEXT NOT NULL,
    destination_country TEXT NOT NULL,
    sector TEXT NOT NULL,
    worker_sex TEXT NOT NULL,
    kind TEXT NOT NULL REFERENCES grievance_kinds (code),
    acts_first TEXT NOT NULL,
    state TEXT NOT NULL,
    filed_by TEXT NOT NULL,
    filed_by_country TEXT NULL,
    account TEXT NOT NULL,
    occurred_on $date$ NULL,
    -- A filing's retry names the first grievance: the request id for a clerk, the report id for a worker.
    request_key TEXT NOT NULL,
    referred_to TEXT NULL,
    founded $bool$ NOT NULL,
    filed_at $timestamp$ NOT NULL,
    version BIGINT NOT NULL,
    UNIQUE (contract_id, request_key)
);

CREATE INDEX ix_grievances_corridor ON grievances (origin_country, destination_country, id);

-- Append-only: every step of a grievance, with actor, reason, legal basis and time.
CREATE TABLE grievance_steps (
    grievance_id $uuid$ NOT NULL REFERENCES grievances (id),
    version BIGINT NOT NULL,
    action TEXT NOT NULL,
    state_before TEXT NULL,
    state_after TEXT NOT NULL,
    referred_to TEXT NULL,
    actor TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    actor_country TEXT NULL,
    reason TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    decided_at $timestamp$ NOT NULL,
    PRIMARY KEY (grievance_id, version)
);
