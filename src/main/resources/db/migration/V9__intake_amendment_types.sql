-- Amendments and renewal applications name an existing permit.
ALTER TABLE application DROP CONSTRAINT application_type_check;
ALTER TABLE application ADD CONSTRAINT application_type_check
    CHECK (type IN ('data-permit', 'data-request', 'amendment', 'renewal'));
