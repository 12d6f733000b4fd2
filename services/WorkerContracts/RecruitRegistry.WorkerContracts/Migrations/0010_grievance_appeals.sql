-- Appeals: the last day a grievance's decision may be appealed and whether it was (GrievanceChanged), and the workers'
-- own appeals (one per grievance: a retry answers the first).
ALTER TABLE grievance_replicas ADD COLUMN appeal_deadline $date$ NULL;
ALTER TABLE grievance_replicas ADD COLUMN appealed $bool$ NOT NULL DEFAULT FALSE;

CREATE TABLE grievance_appeals (
    grievance_id $uuid$ PRIMARY KEY,
    contract_id $uuid$ NOT NULL,
    appealed_at $timestamp$ NOT NULL
);
