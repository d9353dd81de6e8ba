-- Read model of job-based user tasks, keyed by the engine's job key: a re-delivered job is the same row.
CREATE TABLE user_task (
    job_key               bigint PRIMARY KEY,
    process_instance_key  bigint      NOT NULL,
    element_id            text        NOT NULL,
    form_id               text        NOT NULL,
    case_id               uuid,
    candidate_groups      text[]      NOT NULL DEFAULT '{}',
    assignee              text,
    due_at                timestamptz,
    state                 text        NOT NULL DEFAULT 'OPEN' CHECK (state IN ('OPEN', 'COMPLETED', 'CANCELLED')),
    variables             jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at            timestamptz NOT NULL DEFAULT now(),
    closed_at             timestamptz,
    closed_by             text
);
CREATE INDEX user_task_open_idx ON user_task (state, due_at) WHERE state = 'OPEN';
CREATE INDEX user_task_case_idx ON user_task (case_id);

-- Linked forms reach a job as the engine's form key; this maps each deployed key back to the form id.
CREATE TABLE deployed_form (
    form_key    bigint PRIMARY KEY,
    form_id     text        NOT NULL,
    version     integer     NOT NULL,
    deployed_at timestamptz NOT NULL DEFAULT now()
);
