-- Fee policies, exchange rates, audits, cases and refunds.

-- One rule of one country's law (jurisdiction_country; NULL: the international standard, the ILO definition) for a
-- corridor and optionally one sector, for contracts signed from effective_from (NULL: not established in the
-- reference facts, so every earlier contract) to effective_until inclusive. Changes never re-audit what was audited.
CREATE TABLE fee_policies (
    id $uuid$ PRIMARY KEY,
    origin_country TEXT NOT NULL,
    destination_country TEXT NOT NULL,
    jurisdiction_country TEXT NULL,
    sector TEXT NULL,
    kind TEXT NOT NULL,
    currency TEXT NOT NULL,
    fixed_cap $money$ NULL,
    wage_multiple $money$ NULL,
    pro_rata_per_year $bool$ NOT NULL,
    prohibited_categories TEXT NOT NULL,
    category_caps TEXT NOT NULL,
    effective_from $date$ NULL,
    effective_until $date$ NULL,
    legal_reference TEXT NOT NULL,
    source TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at $timestamp$ NOT NULL
);

CREATE INDEX ix_fee_policies_corridor ON fee_policies (origin_country, destination_country);

-- Append-only: every version of every policy, who wrote it and why.
CREATE TABLE fee_policy_history (
    id $identity$,
    policy_id $uuid$ NOT NULL,
    version BIGINT NOT NULL,
    policy TEXT NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT NOT NULL,
    recorded_at $timestamp$ NOT NULL
);

-- Quote units per one base unit, from on_date until the next rate of the pair.
CREATE TABLE exchange_rates (
    base_currency TEXT NOT NULL,
    quote_currency TEXT NOT NULL,
    on_date $date$ NOT NULL,
    rate $money$ NOT NULL,
    source TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_at $timestamp$ NOT NULL,
    PRIMARY KEY (base_currency, quote_currency, on_date)
);

-- One audit per version of a contract's terms (contract_version: the contract version that brought those terms).
-- audit_version grows when the same terms are audited again (an UNDETERMINED audit after a rate or policy arrives).
-- terms: what was audited, so a re-audit needs nothing else.
CREATE TABLE audits (
    contract_id $uuid$ NOT NULL,
    terms_version INTEGER NOT NULL,
    contract_version BIGINT NOT NULL,
    audit_version BIGINT NOT NULL,
    origin_country TEXT NOT NULL,
    destination_country TEXT NOT NULL,
    terms TEXT NOT NULL,
    terms_fingerprint TEXT NOT NULL,
    outcome TEXT NOT NULL,
    deciding_policy_id $uuid$ NULL,
    findings TEXT NOT NULL,
    verdicts TEXT NOT NULL,
    undetermined_reason TEXT NULL,
    -- Some amount could not be converted (UNDETERMINED, or a zero-fee finding stated as charged): a new rate redoes it.
    awaiting_rates $bool$ NOT NULL,
    excess_currency TEXT NULL,
    excess_amount $money$ NULL,
    audited_at $timestamp$ NOT NULL,
    PRIMARY KEY (contract_id, terms_version)
);

CREATE INDEX ix_audits_awaiting_rates ON audits (contract_id) WHERE awaiting_rates;
CREATE INDEX ix_audits_undetermined ON audits (origin_country, destination_country) WHERE outcome = 'UNDETERMINED';

-- A case about one contract. source_key makes automatic openings idempotent (the audit, the report that opened it).
CREATE TABLE cases (
    id $uuid$ PRIMARY KEY,
    contract_id $uuid$ NOT NULL,
    agency_id $uuid$ NOT NULL,
    origin_country TEXT NOT NULL,
    destination_country TEXT NOT NULL,
    sector TEXT NULL,
    worker_sex TEXT NULL,
    opened_by TEXT NOT NULL,
    source_key TEXT NULL UNIQUE,
    details TEXT NOT NULL,
    state TEXT NOT NULL,
    assigned_to TEXT NULL,
    excess_currency TEXT NULL,
    excess_amount $money$ NULL,
    excess_minor BIGINT NULL,
    opened_at $timestamp$ NOT NULL,
    confirmed_at $timestamp$ NULL,
    appeal_deadline $date$ NULL,
    version BIGINT NOT NULL
);

CREATE INDEX ix_cases_corridor ON cases (origin_country, destination_country, opened_at);
CREATE INDEX ix_cases_agency ON cases (agency_id);
CREATE INDEX ix_cases_contract ON cases (contract_id);

-- Append-only: every decision on a case, with actor, reason, legal basis and time.
CREATE TABLE case_decisions (
    id $identity$,
    case_id $uuid$ NOT NULL REFERENCES cases (id),
    version BIGINT NOT NULL,
    kind TEXT NOT NULL,
    state_before TEXT NULL,
    state_after TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_country TEXT NULL,
    reason TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    decided_at $timestamp$ NOT NULL
);

CREATE INDEX ix_case_decisions_case ON case_decisions (case_id, version);

-- The refund a confirmation orders; amount_minor as in contract_replicas.
CREATE TABLE refund_orders (
    id $uuid$ PRIMARY KEY,
    case_id $uuid$ NOT NULL UNIQUE REFERENCES cases (id),
    origin_country TEXT NOT NULL,
    destination_country TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount $money$ NOT NULL,
    amount_minor BIGINT NOT NULL,
    due_on $date$ NOT NULL,
    state TEXT NOT NULL,
    evidence_reference TEXT NULL,
    ordered_at $timestamp$ NOT NULL,
    paid_at $timestamp$ NULL,
    overdue_since $date$ NULL
);

CREATE INDEX ix_refund_orders_due ON refund_orders (state, due_on);
