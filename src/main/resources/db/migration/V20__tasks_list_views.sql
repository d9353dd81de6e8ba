-- The task list's views, filters and sort orders (issue 13). What the list filters and sorts on is copied from the
-- task's variables when it opens, so one page is one index range whatever the number of open tasks
-- (docs/benchmarks.md, "Task list"). The sort keys put tasks without a date last: coalesce(…, 'infinity').
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE user_task
    ADD COLUMN case_title      text        NOT NULL DEFAULT '',
    ADD COLUMN case_type       text,
    ADD COLUMN datasets        text[]      NOT NULL DEFAULT '{}',
    ADD COLUMN holders         text[]      NOT NULL DEFAULT '{}',
    ADD COLUMN decision_due_at timestamptz;

UPDATE user_task SET
    case_title = coalesce(variables ->> 'title', ''),
    case_type = variables ->> 'applicationType',
    datasets = CASE WHEN jsonb_typeof(variables -> 'datasets') = 'array'
                    THEN ARRAY(SELECT jsonb_array_elements_text(variables -> 'datasets')) ELSE '{}' END,
    holders = CASE WHEN jsonb_typeof(variables -> 'registerHolders') = 'array'
                   THEN ARRAY(SELECT jsonb_array_elements_text(variables -> 'registerHolders')) ELSE '{}' END,
    decision_due_at = (variables ->> 'decisionDueAt')::timestamptz;

DROP INDEX user_task_open_idx;
CREATE INDEX user_task_open_due_idx ON user_task ((coalesce(due_at, 'infinity'::timestamptz)), job_key)
    WHERE state = 'OPEN';
CREATE INDEX user_task_open_deadline_idx ON user_task ((coalesce(decision_due_at, 'infinity'::timestamptz)), job_key)
    WHERE state = 'OPEN';
CREATE INDEX user_task_open_assignee_idx ON user_task (assignee, (coalesce(due_at, 'infinity'::timestamptz)), job_key)
    WHERE state = 'OPEN';
CREATE INDEX user_task_open_form_idx ON user_task (form_id, (coalesce(due_at, 'infinity'::timestamptz)), job_key)
    WHERE state = 'OPEN';
CREATE INDEX user_task_open_groups_idx ON user_task USING gin (candidate_groups) WHERE state = 'OPEN';
CREATE INDEX user_task_open_datasets_idx ON user_task USING gin (datasets) WHERE state = 'OPEN';
CREATE INDEX user_task_open_holders_idx ON user_task USING gin (holders) WHERE state = 'OPEN';
CREATE INDEX user_task_open_title_idx ON user_task USING gin (case_title gin_trgm_ops) WHERE state = 'OPEN';
