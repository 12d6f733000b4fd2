-- The outcomes a founded grievance ordered, as GrievanceChanged carries them (JSON, read whole).
ALTER TABLE grievance_replicas ADD COLUMN outcomes TEXT NOT NULL DEFAULT '[]';
