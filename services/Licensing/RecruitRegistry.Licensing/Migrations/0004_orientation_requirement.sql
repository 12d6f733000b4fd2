-- Whether a corridor requires the worker's pre-departure orientation before registration or endorsement, and the rule
-- that says so (NULL with NONE).
ALTER TABLE corridors ADD COLUMN orientation_required TEXT NOT NULL DEFAULT 'NONE';
ALTER TABLE corridors ADD COLUMN orientation_legal_basis TEXT NULL;
