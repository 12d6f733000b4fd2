-- A fixed or wage-multiple cap may cover some fee categories only (Philippines: a placement fee of at most one month's
-- salary); '[]' covers every fee, as every cap did before.
ALTER TABLE fee_policies ADD COLUMN capped_categories TEXT NOT NULL DEFAULT '[]';

-- A withdrawn policy governs no contract signed from this day on; its history row says why and on what legal basis.
ALTER TABLE fee_policies ADD COLUMN withdrawn_from $date$ NULL;
ALTER TABLE fee_policy_history ADD COLUMN legal_basis TEXT NULL;
