-- VerifyContract checks the agency's licence in the worker's origin country: both kept as columns beside the view, so
-- the stored view is only parsed to be answered.
ALTER TABLE worker_views ADD COLUMN agency_id $uuid$;
ALTER TABLE worker_views ADD COLUMN origin_country TEXT;
UPDATE worker_views SET
    agency_id = (SELECT c.agency_id FROM contracts c WHERE c.reference = worker_views.reference),
    origin_country = (SELECT c.origin_country FROM contracts c WHERE c.reference = worker_views.reference);
