-- The title filter's index: trigrams of the title with every run of other characters than letters and digits
-- written as one 'q', so a phrase's trigrams span its words. pg_trgm splits at spaces, so "stroke 4" asked for
-- titles with a word "stroke" and a word starting with "4" (13,469 of 1M open tasks in the benchmark, each read
-- again to find none matched); with the words joined, "strokeq4" is asked for, which no title has. A text other
-- than one plain word is also compared with the title itself (ILIKE), so the index only has to find a superset.
-- docs/benchmarks.md, "Task list".
CREATE INDEX user_task_open_title_phrase_idx
    ON user_task USING gin ((regexp_replace(case_title, '[^[:alnum:]]+', 'q', 'g')) gin_trgm_ops)
    WHERE state = 'OPEN';
DROP INDEX user_task_open_title_idx;
-- The planner reads no statistics of a partial index's expression: without these it guessed 100 titles for
-- "diabetes" (67,194 of the officers' at 1M) and gathered and sorted them all instead of walking the list's order.
CREATE STATISTICS user_task_title_phrase_stats ON (regexp_replace(case_title, '[^[:alnum:]]+', 'q', 'g')) FROM user_task;
