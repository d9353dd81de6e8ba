-- The task list filtered by a rare case type walks this range instead of the due-date index past other types.
CREATE INDEX user_task_open_type_idx ON user_task (case_type, (coalesce(due_at, 'infinity'::timestamptz)), job_key)
    WHERE state = 'OPEN';
