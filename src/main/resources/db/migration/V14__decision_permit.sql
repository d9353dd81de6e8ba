-- The permit as the officer decided it: the contract that extraction orders, compilation, workspace access,
-- amendments and renewals read. Nothing downstream reads the application form or its free-text team list.
CREATE TABLE permit (
    case_id       uuid        PRIMARY KEY REFERENCES application (id),
    permit_holder text        NOT NULL,
    kind          text        NOT NULL CHECK (kind IN ('dataset', 'statistics')),
    -- [{"dataset": "care-register", "variables": ["icd10", ...]}, ...]: only what the officer kept
    datasets      jsonb       NOT NULL,
    -- {"diagnoses": ["I21"], "bornFrom": 1930, "bornTo": 2000}
    cohort        jsonb       NOT NULL,
    -- accounts (the identity provider's subject) or e-mail addresses the provider has verified
    persons       text[]      NOT NULL,
    conditions    text,
    valid_until   date        NOT NULL,
    decided_by    text        NOT NULL,
    approved_by   text        NOT NULL,
    granted_at    timestamptz NOT NULL DEFAULT now(),
    amended_at    timestamptz
);

-- Permits granted before the permit was recorded as data keep what they were given then: the requested
-- datasets and variables, the applicant and the e-mail addresses in the team list.
INSERT INTO permit (case_id, permit_holder, kind, datasets, cohort, persons, conditions, valid_until,
                    decided_by, approved_by, granted_at)
SELECT a.id,
       a.applicant,
       CASE WHEN a.type = 'data-request' THEN 'statistics' ELSE 'dataset' END,
       coalesce((SELECT jsonb_agg(jsonb_build_object(
                        'dataset', d,
                        'variables', coalesce((SELECT jsonb_agg(substr(v, length(d) + 2))
                                               FROM jsonb_array_elements_text(a.form_data -> 'variables') v
                                               WHERE v LIKE d || '.%'), '[]'::jsonb)))
                 FROM jsonb_array_elements_text(a.form_data -> 'datasets') d), '[]'::jsonb),
       jsonb_build_object(
           'diagnoses', coalesce((SELECT jsonb_agg(btrim(x))
                                  FROM regexp_split_to_table(coalesce(a.form_data ->> 'cohortDiagnoses', ''), ',') x
                                  WHERE btrim(x) <> ''), '[]'::jsonb),
           'bornFrom', a.form_data -> 'cohortBornFrom',
           'bornTo', a.form_data -> 'cohortBornTo'),
       ARRAY[a.applicant] || coalesce(ARRAY(
           SELECT DISTINCT lower(m[1])
           FROM regexp_matches(coalesce(a.form_data ->> 'teamMembers', ''), '([A-Za-z0-9_.+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)', 'g') m),
           '{}'),
       d.conditions,
       coalesce(d.renewed_until, d.valid_until, (d.created_at + interval '2 years')::date),
       d.decided_by,
       coalesce(d.approved_by, d.decided_by),
       d.created_at
FROM application a
JOIN decision_document d ON d.application_id = a.id
WHERE d.outcome <> 'refuse' AND a.type IN ('data-permit', 'data-request')
  AND NOT EXISTS (SELECT 1 FROM permit p WHERE p.case_id = a.id);
