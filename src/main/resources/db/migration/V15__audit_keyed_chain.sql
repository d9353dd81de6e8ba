-- The audit chain is keyed from here on: HMAC-SHA-256 with a key kept outside the database. Rows written before
-- keep their plain SHA-256 links (keyed = false); the first keyed row covers the last plain hash.
ALTER TABLE audit_event ADD COLUMN keyed boolean NOT NULL DEFAULT false;
