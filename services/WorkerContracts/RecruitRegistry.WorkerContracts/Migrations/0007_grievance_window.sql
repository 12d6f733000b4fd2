-- The corridor's grievance window (Licensing's corridor data): how long after a contract ended its worker may file.
ALTER TABLE corridor_replicas ADD COLUMN grievance_window_months INTEGER NOT NULL DEFAULT 36;
ALTER TABLE corridor_replicas ADD COLUMN grievance_window_legal_basis TEXT NOT NULL DEFAULT 'RecruitRegistry default (no corridor rule recorded)';
