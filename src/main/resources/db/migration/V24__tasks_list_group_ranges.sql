-- The task list reads one ordered index range per group of the person (and one for their personal tasks) and
-- merges them, so a page costs about the same whether a group holds half of all open tasks (the officers') or a
-- few thousand (a small register holder, a committee): no gathering and sorting of a whole group, no planner
-- guess about a group the statistics do not list. A task is offered to one group, as the process models name
-- it; the rare task of several groups is found through the small GIN index below. docs/benchmarks.md, "Task list".
CREATE INDEX user_task_open_group_due_idx
    ON user_task ((candidate_groups[1]), (coalesce(due_at, 'infinity'::timestamptz)), job_key)
    WHERE state = 'OPEN' AND cardinality(candidate_groups) = 1;
CREATE INDEX user_task_open_group_deadline_idx
    ON user_task ((candidate_groups[1]), (coalesce(decision_due_at, 'infinity'::timestamptz)), job_key)
    WHERE state = 'OPEN' AND cardinality(candidate_groups) = 1;
CREATE INDEX user_task_open_several_groups_idx ON user_task USING gin (candidate_groups)
    WHERE state = 'OPEN' AND cardinality(candidate_groups) > 1;
-- no longer read by the list (its ranges are per group now): the overlap index over all tasks, and the sort
-- indexes over all open tasks
DROP INDEX user_task_open_groups_idx;
DROP INDEX user_task_open_due_idx;
DROP INDEX user_task_open_deadline_idx;
-- The planner's estimates for the two expressions: without them it guesses a group's share (5 rows for the
-- officers' half a million) and the share of tasks of several groups (a third), and walks a sort index past every
-- open task looking for the latter.
CREATE STATISTICS user_task_groups_stats ON (candidate_groups[1]), (cardinality(candidate_groups)) FROM user_task;
