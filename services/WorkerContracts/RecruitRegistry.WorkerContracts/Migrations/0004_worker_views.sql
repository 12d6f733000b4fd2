-- What a worker sees on verifying a contract, ready to send: its ContractView (protobuf) with the current terms, fees,
-- endorsement, termination and audit of those terms. A read model of contracts, contract_versions and contract_audits:
-- every transaction that changes what the view shows rewrites the row (registration, amendment, endorsement,
-- termination, an audit of the current terms), so VerifyContract is one index look-up and no mapping. The agency's
-- licence state is not in it: that changes with Licensing's events and is added when the view is read.
-- Contracts registered before this table existed get their view at the service's next start (WorkerViewBackfill).
-- No foreign key: the row is derived from contracts and written in the same transactions.
CREATE TABLE worker_views (
    reference TEXT PRIMARY KEY,
    contract_id $uuid$ NOT NULL,
    code_hash TEXT NOT NULL,
    contract_view $bytes$ NOT NULL
);
