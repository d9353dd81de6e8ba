-- The compilation and delivery workers keep real records now (extraction_order, compilation, spe_access,
-- deletion_record); the log of "recorded only" steps has no writer left.
DROP TABLE stage_event;
