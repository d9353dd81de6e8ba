-- Synthetic historical cases for dashboards and benchmarks: decided applications with their status history,
-- legal clock and the human steps each went through, with durations drawn (deterministically from :seed) from
-- skewed distributions like real processing times. Ids and job keys are derived from the case number, so the
-- same :cases and :seed give the same rows; job keys are negative and cannot meet an engine's keys.
DROP TABLE IF EXISTS pg_temp.history_base, pg_temp.history;
CREATE TEMP TABLE history_base AS
SELECT n,
       md5('history-' || :seed || '-' || n)::uuid AS id,
       -- submitted over the last two years
       now() - make_interval(mins => mod(hashint8(n * 31 + :seed)::bigint + 2147483648, 2 * 365 * 24 * 60)::integer) AS submitted_at,
       (ARRAY['data-permit','data-permit','data-permit','data-request'])[mod(n, 4) + 1] AS type,
       (ARRAY['care-register','reimbursed-prescriptions','cancer-registry','causes-of-death','population-statistics','biobank-samples'])[mod(n * 7, 6) + 1] AS dataset1,
       (ARRAY['reimbursed-prescriptions','causes-of-death','population-statistics'])[mod(n * 13, 3) + 1] AS dataset2,
       -- hours: a skewed spread (sum of uniforms, squared) so that p90 sits well above the median
       power(mod(hashint8(n * 37 + :seed)::bigint + 2147483648, 1000) / 1000.0 + mod(hashint8(n * 41 + :seed)::bigint + 2147483648, 1000) / 1000.0, 2) AS r1,
       power(mod(hashint8(n * 43 + :seed)::bigint + 2147483648, 1000) / 1000.0 + mod(hashint8(n * 47 + :seed)::bigint + 2147483648, 1000) / 1000.0, 2) AS r2,
       power(mod(hashint8(n * 53 + :seed)::bigint + 2147483648, 1000) / 1000.0 + mod(hashint8(n * 59 + :seed)::bigint + 2147483648, 1000) / 1000.0, 2) AS r3,
       mod(hashint8(n * 61 + :seed)::bigint + 2147483648, 100) AS outcome_draw
FROM generate_series(1, :cases) n;

CREATE TEMP TABLE history AS
SELECT b.*,
       b.submitted_at + make_interval(hours => (6 + b.r1 * 60)::integer) AS complete_at,
       b.submitted_at + make_interval(hours => (6 + b.r1 * 60)::integer) + make_interval(hours => (72 + b.r2 * 500)::integer) AS consulted_at,
       b.submitted_at + make_interval(hours => (6 + b.r1 * 60)::integer) + make_interval(hours => (72 + b.r2 * 500)::integer)
           + make_interval(hours => (24 + b.r3 * 480)::integer) AS drafted_at,
       b.submitted_at + make_interval(hours => (6 + b.r1 * 60)::integer) + make_interval(hours => (72 + b.r2 * 500)::integer)
           + make_interval(hours => (24 + b.r3 * 480)::integer) + make_interval(hours => (2 + b.r1 * 40)::integer) AS decided_at,
       CASE WHEN b.outcome_draw < 80 THEN 'granted' WHEN b.outcome_draw < 92 THEN 'granted-with-conditions' ELSE 'refused' END AS outcome
FROM history_base b;

INSERT INTO application (id, applicant, type, status, title, form_data, created_at, updated_at, submitted_at)
SELECT id, 'history-' || mod(n, 50), type, outcome, 'Historical case ' || n,
       jsonb_build_object('applicationType', type, 'datasets', jsonb_build_array(dataset1, dataset2)),
       submitted_at, decided_at, submitted_at
FROM history
WHERE decided_at < now()
ON CONFLICT (id) DO NOTHING;

INSERT INTO application_status_change (application_id, status, changed_at, changed_by)
SELECT h.id, s.status, s.at, 'history'
FROM history h
JOIN application a ON a.id = h.id AND a.applicant LIKE 'history-%'
CROSS JOIN LATERAL (VALUES ('submitted', h.submitted_at), ('under-assessment', h.complete_at), (h.outcome, h.decided_at)) s(status, at)
WHERE NOT EXISTS (SELECT 1 FROM application_status_change c WHERE c.application_id = h.id);

INSERT INTO legal_clock (case_id, started_at, due_at, process_instance_key)
SELECT h.id, h.complete_at, h.complete_at + interval '90 days', 0
FROM history h JOIN application a ON a.id = h.id AND a.applicant LIKE 'history-%'
ON CONFLICT (case_id) DO NOTHING;

INSERT INTO user_task (job_key, process_instance_key, element_id, form_id, case_id, candidate_groups, assignee, due_at,
                       state, created_at, closed_at, closed_by)
SELECT -(h.n * 10 + s.k), 0, s.element, s.form, h.id, s.groups, s.who, s.due, 'COMPLETED', s.opened, s.closed, s.who
FROM history h
JOIN application a ON a.id = h.id AND a.applicant LIKE 'history-%'
CROSS JOIN LATERAL (VALUES
    (1, 'Task_CheckCompleteness', 'completeness-check', ARRAY['permit-officer'], 'officer-' || mod(h.n, 7), h.submitted_at, h.complete_at, h.submitted_at + interval '14 days'),
    (2, 'Task_AnswerConsultation', 'consultation-answer', ARRAY['register-holder:' || (ARRAY['thl','kela','statfi','biobank-h'])[mod(h.n * 7, 4) + 1]], 'holder-' || mod(h.n, 4), h.complete_at, h.consulted_at, h.complete_at + interval '21 days'),
    (3, 'Task_DraftDecision', 'decision-draft', ARRAY['permit-officer'], 'officer-' || mod(h.n, 7), h.consulted_at, h.drafted_at, NULL::timestamptz),
    (4, 'Task_ApproveDecision', 'decision-approval', ARRAY['permit-officer'], 'officer-' || mod(h.n + 3, 7), h.drafted_at, h.decided_at, NULL::timestamptz)
) s(k, element, form, groups, who, opened, closed, due)
ON CONFLICT (job_key) DO NOTHING;
DROP TABLE history_base, history;
