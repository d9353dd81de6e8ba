-- After every migration run: the application's role may read and write the data, never change the schema, and
-- may only append to the audit trail (no update, delete, truncate; it does not own the table, so it cannot
-- disable its trigger either). Skipped where the role does not exist (code generation, external databases that
-- grant rights their own way).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'isaacus_app') THEN
        GRANT USAGE ON SCHEMA public TO isaacus_app;
        GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO isaacus_app;
        GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO isaacus_app;
        REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON audit_event FROM isaacus_app;
        REVOKE UPDATE ON SEQUENCE audit_event_id_seq FROM isaacus_app;
    END IF;
END
$$;
