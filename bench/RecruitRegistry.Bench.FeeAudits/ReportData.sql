-- 1,000,000 audited NP→QA contracts (and 200,000 NP→MY ones the report must skip) in FeeAudits' own tables, generated
-- in the server: 2,000 agencies; sexes F, M, M, X; five sectors; registered over 600 days from 2025-01-01; outcomes
-- 60% COMPLIANT, 30% VIOLATION (excess NPR 1.00–50,000.00, in minor units as the service stores it), 8% UNDETERMINED,
-- 2% not audited yet; ages at signing 18–62, five ISCO-08 unit groups (and 5% without a code), 5% declaring a
-- disability and a third declaring none, three in four with a pre-departure orientation. Every violation has its
-- automatic case, in every state; every confirmed case a refund order; one contract in twenty a grievance of one of
-- the ten kinds, in one of the five states.
INSERT INTO agency_replicas (id, legal_name, registration_number, country, version)
SELECT md5('agency' || a)::uuid, 'Agency ' || a || ' Pvt. Ltd.', 'DoFE-' || a, 'NP', 1
FROM generate_series(0, 1999) a;

INSERT INTO contract_replicas (id, reference, agency_id, origin_country, destination_country, sector, worker_sex, status,
    signed_on, start_date, wage_currency, wage_amount, duration_months, fees, terms_fingerprint, terms_version,
    registered_at, version, audit_terms_version, audit_outcome, excess_currency, excess_minor,
    worker_age_at_signing, isco08_code, worker_disability, oriented_on)
SELECT md5('contract' || i)::uuid,
       CASE WHEN i <= @Contracts THEN 'NP-QA-' ELSE 'NP-MY-' END || lpad(i::text, 8, '0'),
       md5('agency' || (i % 2000))::uuid,
       'NP', CASE WHEN i <= @Contracts THEN 'QA' ELSE 'MY' END,
       (ARRAY['CONSTRUCTION', 'DOMESTIC_WORK', 'HOSPITALITY', 'MANUFACTURING', 'AGRICULTURE'])[1 + i % 5],
       (ARRAY['F', 'M', 'M', 'X'])[1 + (i / 5) % 4],
       'REGISTERED',
       DATE '2025-01-01' + (i % 600), DATE '2025-01-31' + (i % 600),
       'QAR', 1200.00, 24, '[]', md5('terms' || i), 1,
       TIMESTAMPTZ '2025-01-01 00:00:00+00' + (i % 600) * INTERVAL '1 day' + (i % 86400) * INTERVAL '1 second',
       2, CASE WHEN i % 50 = 0 THEN NULL ELSE 1 END,
       CASE WHEN i % 50 = 0 THEN NULL WHEN i % 10 < 6 THEN 'COMPLIANT' WHEN i % 10 < 9 THEN 'VIOLATION' ELSE 'UNDETERMINED' END,
       CASE WHEN i % 50 <> 0 AND i % 10 BETWEEN 6 AND 8 THEN 'NPR' END,
       CASE WHEN i % 50 <> 0 AND i % 10 BETWEEN 6 AND 8 THEN 100 + (i::bigint * 7919) % 4999900 END,
       18 + (i * 7) % 45,
       CASE WHEN i % 20 = 3 THEN '' ELSE (ARRAY['9111', '7112', '5120', '8160', '6111'])[1 + (i / 3) % 5] END,
       CASE WHEN i % 20 = 7 THEN 'DECLARED' WHEN i % 3 = 0 THEN 'NONE_DECLARED' END,
       CASE WHEN i % 4 <> 0 THEN DATE '2025-01-01' + (i % 600) - 10 END
FROM generate_series(1, @Contracts + @Noise) i;

INSERT INTO cases (id, contract_id, agency_id, origin_country, destination_country, sector, worker_sex, opened_by, source_key,
    details, state, assigned_to, excess_currency, excess_amount, excess_minor, opened_at, confirmed_at, appeal_deadline, version)
SELECT md5('case' || c.id)::uuid, c.id, c.agency_id, c.origin_country, c.destination_country, c.sector, c.worker_sex,
       'AUTOMATIC_AUDIT', 'audit:' || c.id || ':1', '{}', s.state,
       CASE WHEN s.state <> 'OPEN' THEN 'auditor-qa-1' END,
       c.excess_currency, c.excess_minor / 100.0, c.excess_minor,
       c.registered_at + INTERVAL '1 hour',
       CASE WHEN s.state IN ('CONFIRMED', 'APPEALED', 'APPEAL_UPHELD', 'APPEAL_OVERTURNED') THEN c.registered_at + INTERVAL '20 days' END,
       CASE WHEN s.state IN ('CONFIRMED', 'APPEALED', 'APPEAL_UPHELD', 'APPEAL_OVERTURNED') THEN (c.registered_at + INTERVAL '50 days')::date END,
       3
FROM contract_replicas c
CROSS JOIN LATERAL (SELECT (ARRAY['OPEN', 'UNDER_REVIEW', 'CONFIRMED', 'CONFIRMED', 'DISMISSED', 'APPEALED', 'APPEAL_UPHELD', 'APPEAL_OVERTURNED'])[1 + (hashtext(c.id::text) & 7)] AS state) s
WHERE c.audit_outcome = 'VIOLATION';

INSERT INTO refund_orders (id, case_id, origin_country, destination_country, currency, amount, amount_minor, due_on, state,
    evidence_reference, ordered_at, paid_at, overdue_since)
SELECT md5('refund' || k.id)::uuid, k.id, k.origin_country, k.destination_country, k.excess_currency, k.excess_amount, k.excess_minor,
       (k.confirmed_at + INTERVAL '30 days')::date, r.state,
       CASE WHEN r.state = 'PAID' THEN 'bank transfer' END, k.confirmed_at,
       CASE WHEN r.state = 'PAID' THEN k.confirmed_at + INTERVAL '25 days' END,
       CASE WHEN r.state = 'OVERDUE' THEN (k.confirmed_at + INTERVAL '31 days')::date END
FROM cases k
CROSS JOIN LATERAL (SELECT CASE WHEN k.state = 'APPEAL_OVERTURNED' THEN 'CANCELLED'
                                ELSE (ARRAY['ORDERED', 'PAID', 'PAID', 'OVERDUE'])[1 + (hashtext(k.id::text) & 3)] END AS state) r
WHERE k.confirmed_at IS NOT NULL;

INSERT INTO grievances (id, contract_id, agency_id, origin_country, destination_country, sector, worker_sex, kind, acts_first, state,
    filed_by, filed_by_country, account, occurred_on, request_key, referred_to, founded, filed_at, version)
SELECT md5('grievance' || c.id)::uuid, c.id, c.agency_id, c.origin_country, c.destination_country, c.sector, c.worker_sex, k.code, k.acts_first,
       (ARRAY['RECEIVED', 'UNDER_REVIEW', 'REFERRED', 'RESOLVED', 'DISMISSED'])[1 + (hashtext(c.id::text) & 1023) % 5],
       'WORKER', NULL, 'bench data', NULL, 'bench:' || c.id, NULL, false, c.registered_at + INTERVAL '90 days', 2
FROM contract_replicas c
JOIN (SELECT code, acts_first, row_number() OVER (ORDER BY code) - 1 AS n FROM grievance_kinds) k ON k.n = (hashtext(c.reference) & 1023) % 10
WHERE (hashtext(c.id::text) >> 10) & 15 = 0 AND c.registered_at < TIMESTAMPTZ '2026-09-01 00:00:00+00';

ANALYZE grievances;
ANALYZE agency_replicas;
ANALYZE contract_replicas;
ANALYZE cases;
ANALYZE refund_orders;
