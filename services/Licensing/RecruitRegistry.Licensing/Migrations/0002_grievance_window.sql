-- How long after a contract ended its worker may file a grievance, per corridor, and the rule that says so. Corridors
-- opened before take the default (LicensingOptions.DefaultGrievanceWindowMonths).
ALTER TABLE corridors ADD COLUMN grievance_window_months INTEGER NOT NULL DEFAULT 36;
ALTER TABLE corridors ADD COLUMN grievance_window_legal_basis TEXT NOT NULL DEFAULT 'RecruitRegistry default (no corridor rule recorded)';
