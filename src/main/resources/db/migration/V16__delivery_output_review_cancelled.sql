-- A review open when the permit is revoked or expires is cancelled (with its process instance): nothing is
-- released after the permit ends.
ALTER TABLE output_request ADD COLUMN process_instance_key bigint;
ALTER TABLE output_request DROP CONSTRAINT output_request_status_check;
ALTER TABLE output_request ADD CONSTRAINT output_request_status_check
    CHECK (status IN ('submitted', 'in-review', 'approved', 'rejected', 'cancelled'));
