-- After every migration of the engine's schema: the application reads the engine's history (search, dashboards)
-- and nothing else of it; the engine's state is the engine's to change.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'isaacus_app') THEN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO isaacus_app', '${flyway:defaultSchema}');
        EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO isaacus_app', '${flyway:defaultSchema}');
    END IF;
END
$$;
