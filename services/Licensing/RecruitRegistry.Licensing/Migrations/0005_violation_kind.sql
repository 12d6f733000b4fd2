-- What each confirmed violation was about, as the public registry counts them: FEES_CHARGED for a fee case, the
-- grievance's kind for a founded grievance (UNKNOWN for those recorded before the kind was kept).
ALTER TABLE fee_violations ADD COLUMN kind TEXT NOT NULL DEFAULT 'FEES_CHARGED';
UPDATE fee_violations SET kind = 'UNKNOWN' WHERE source = 'GRIEVANCE';
