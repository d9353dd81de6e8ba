-- Where the data was deleted, as a code the pages say in the reader's language (delivery.location.* in the
-- message bundles), not an English phrase shown as it is in Finnish and Swedish.
UPDATE deletion_record SET location = 'spe-workspace-and-working-copy'
 WHERE location = 'secure environment workspace and the authority''s working copy';
COMMENT ON COLUMN deletion_record.location IS 'where the data was deleted: a code, delivery.location.<code> names it';
