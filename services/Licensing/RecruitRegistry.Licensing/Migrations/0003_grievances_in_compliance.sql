-- Founded grievances of the kinds a corridor names count towards an agency's compliance record, beside its confirmed
-- fee cases: the corridor names them (JSON list of kind codes, none by default), the record says where each row came from.
ALTER TABLE corridors ADD COLUMN grievance_kinds_counted TEXT NOT NULL DEFAULT '[]';
ALTER TABLE fee_violations ADD COLUMN source TEXT NOT NULL DEFAULT 'FEE_CASE';
