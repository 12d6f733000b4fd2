-- What a founded grievance orders (refund, compensation, wages recovered, document returned, repatriation paid), each
-- with its due day; the sweep marks those past it OVERDUE, as it does refunds of fee cases.
CREATE TABLE grievance_outcomes (
    id $uuid$ PRIMARY KEY,
    grievance_id $uuid$ NOT NULL REFERENCES grievances (id),
    kind TEXT NOT NULL,
    currency TEXT NULL,
    amount $money$ NULL,
    due_on $date$ NOT NULL,
    state TEXT NOT NULL,
    evidence_reference TEXT NULL,
    fulfilled_at $timestamp$ NULL,
    overdue_since $date$ NULL,
    ordered_at $timestamp$ NOT NULL
);

CREATE INDEX ix_grievance_outcomes_grievance ON grievance_outcomes (grievance_id);
CREATE INDEX ix_grievance_outcomes_due ON grievance_outcomes (due_on) WHERE state = 'ORDERED';
