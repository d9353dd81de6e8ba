-- What a person answered in a task, as validated, kept beside the task: a later step shows the earlier answers
-- that matter to it (who answered what, when) without asking the engine's history, which a Camunda cluster
-- would not give us. Tasks completed before this migration have none.
ALTER TABLE user_task ADD COLUMN answer jsonb;
