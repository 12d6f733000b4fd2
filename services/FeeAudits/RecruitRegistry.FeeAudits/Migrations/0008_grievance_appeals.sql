-- Appeals of grievance decisions: the last day a resolution or dismissal may be appealed (FeeAudits:AppealWindowDays
-- after it), and the state an appeal was made against (a grievance is appealed at most once; upheld, it returns there).
ALTER TABLE grievances ADD COLUMN appeal_deadline $date$ NULL;
ALTER TABLE grievances ADD COLUMN appealed_from TEXT NULL;
