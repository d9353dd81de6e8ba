-- Deletion evidence is written before anything is deleted (so a retry after a crash still knows what was there)
-- and completed once the files are gone.
ALTER TABLE deletion_record ADD COLUMN completed_at timestamptz;
UPDATE deletion_record SET completed_at = deleted_at;
COMMENT ON COLUMN deletion_record.deleted_at IS 'when the evidence (files and checksums) was taken, just before deleting';
