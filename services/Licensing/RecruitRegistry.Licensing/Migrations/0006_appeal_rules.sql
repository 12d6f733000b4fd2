-- Each authority's rule for deciding appeals against its licence decisions: within how many days of filing, under which
-- law (the authority enters it with its source, as auditors enter fee policies); each change kept with who and why.
CREATE TABLE appeal_rules (
    country TEXT PRIMARY KEY,
    decision_days INTEGER NOT NULL,
    legal_reference TEXT NOT NULL,
    source TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_at $timestamp$ NOT NULL,
    version BIGINT NOT NULL
);

CREATE TABLE appeal_rule_history (
    country TEXT NOT NULL,
    version BIGINT NOT NULL,
    decision_days INTEGER NOT NULL,
    legal_reference TEXT NOT NULL,
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_at $timestamp$ NOT NULL,
    PRIMARY KEY (country, version)
);
