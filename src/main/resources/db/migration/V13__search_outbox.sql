-- The search indexes' outbox: every change to what an index shows leaves a row here in the same transaction
-- (statement-level triggers, so imports and bulk SQL are covered too); the search module drains it into
-- OpenSearch and deletes what reached it. While OpenSearch is away the rows wait.
CREATE TABLE search_change (
    seq  bigserial PRIMARY KEY,
    kind text NOT NULL, -- case, task, statement, permit
    id   text NOT NULL
);

CREATE FUNCTION search_change_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'application' THEN
        INSERT INTO search_change (kind, id) SELECT DISTINCT 'case', r.id::text FROM changed r;
    ELSIF TG_TABLE_NAME = 'application_status_change' THEN
        INSERT INTO search_change (kind, id) SELECT DISTINCT 'case', r.application_id::text FROM changed r;
    ELSIF TG_TABLE_NAME = 'legal_clock' THEN
        INSERT INTO search_change (kind, id) SELECT DISTINCT 'case', r.case_id::text FROM changed r;
    ELSIF TG_TABLE_NAME = 'user_task' THEN
        INSERT INTO search_change (kind, id) SELECT 'task', r.job_key::text FROM changed r;
        -- a case's holders and committees come from its tasks
        INSERT INTO search_change (kind, id)
        SELECT DISTINCT 'case', r.case_id::text FROM changed r WHERE r.case_id IS NOT NULL;
    ELSIF TG_TABLE_NAME = 'ethics_statement' THEN
        INSERT INTO search_change (kind, id) SELECT 'statement', r.id::text FROM changed r;
    ELSIF TG_TABLE_NAME = 'public_permit' THEN
        INSERT INTO search_change (kind, id) SELECT 'permit', r.case_id::text FROM changed r;
    END IF;
    RETURN NULL;
END
$$;

-- a trigger with a transition table takes one event, hence three per table
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['application', 'application_status_change', 'legal_clock', 'user_task',
                             'ethics_statement', 'public_permit'] LOOP
        EXECUTE format('CREATE TRIGGER %1$s_search_insert AFTER INSERT ON %1$s REFERENCING NEW TABLE AS changed'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION search_change_case()', t);
        EXECUTE format('CREATE TRIGGER %1$s_search_update AFTER UPDATE ON %1$s REFERENCING NEW TABLE AS changed'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION search_change_case()', t);
        EXECUTE format('CREATE TRIGGER %1$s_search_delete AFTER DELETE ON %1$s REFERENCING OLD TABLE AS changed'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION search_change_case()', t);
    END LOOP;
END
$$;

-- Everything already there is indexed by the first full pass, not through this table.

-- Where the indexer stands in what has no outbox: the engine's append-only history (its seq) and the passing of
-- legal deadlines (a case turns overdue with no row changing; epoch microseconds).
CREATE TABLE search_mark (
    name     text PRIMARY KEY,
    position bigint NOT NULL
);
CREATE INDEX legal_clock_due_idx ON legal_clock (due_at);

-- The dashboards' percentiles: linear interpolation between the sorted values at positions q·n − ½
-- (Hazen; Hyndman & Fan type 5). It is what OpenSearch's t-digest returns (exactly while a group holds fewer
-- values than its compression), so the SQL figures and the indexed ones agree. The median equals percentile_cont's.
CREATE FUNCTION quantile_hazen(sorted double precision[], q double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE
           WHEN n = 0 THEN NULL
           WHEN h <= 0 THEN sorted[1]
           WHEN h >= n - 1 THEN sorted[n]
           ELSE sorted[floor(h)::int + 1] + (h - floor(h)) * (sorted[floor(h)::int + 2] - sorted[floor(h)::int + 1])
       END
FROM (SELECT coalesce(cardinality(sorted), 0) AS n, q * coalesce(cardinality(sorted), 0) - 0.5 AS h) p
$$;
