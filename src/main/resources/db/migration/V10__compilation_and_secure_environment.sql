-- Compilation and delivery: the variables a permit may name, extraction orders to register holders, the
-- compiled dataset and its quality report, the secure processing environment's access list, deletion
-- evidence and results that ask to leave the environment (disclosure control).

-- What each dataset contains. An applicant asks for variables by "<dataset>.<variable>"; nothing else can leave
-- the source. The person identifier is never a variable: it leaves only as a per-permit pseudonym.
CREATE TABLE dataset_variable (
    dataset_id  text NOT NULL REFERENCES dataset (id),
    name        text NOT NULL CHECK (name ~ '^[a-z][a-z0-9_]*$'),
    label_en    text NOT NULL,
    label_fi    text NOT NULL,
    label_sv    text NOT NULL,
    data_type   text NOT NULL CHECK (data_type IN ('date', 'code', 'integer', 'decimal', 'text')),
    position    integer NOT NULL,
    PRIMARY KEY (dataset_id, name)
);

INSERT INTO dataset_variable (dataset_id, name, label_en, label_fi, label_sv, data_type, position) VALUES
  ('population-statistics', 'birth_year',      'Year of birth',              'Syntymävuosi',              'Födelseår',                'integer', 1),
  ('population-statistics', 'sex',             'Sex',                        'Sukupuoli',                 'Kön',                      'code',    2),
  ('population-statistics', 'municipality',    'Municipality of residence',  'Asuinkunta',                'Hemkommun',                'code',    3),
  ('care-register',         'admission_date',  'Date of admission',          'Tulopäivä',                 'Inskrivningsdag',          'date',    1),
  ('care-register',         'discharge_date',  'Date of discharge',          'Lähtöpäivä',                'Utskrivningsdag',          'date',    2),
  ('care-register',         'icd10',           'Main diagnosis (ICD-10)',    'Päädiagnoosi (ICD-10)',     'Huvuddiagnos (ICD-10)',    'code',    3),
  ('care-register',         'specialty',       'Medical specialty',          'Erikoisala',                'Specialitet',              'code',    4),
  ('cancer-registry',       'diagnosis_date',  'Date of diagnosis',          'Diagnoosipäivä',            'Diagnosdatum',             'date',    1),
  ('cancer-registry',       'icd10',           'Cancer site (ICD-10)',       'Syövän sijainti (ICD-10)',  'Cancerns läge (ICD-10)',   'code',    2),
  ('cancer-registry',       'stage',           'Stage',                      'Levinneisyys',              'Stadium',                  'code',    3),
  ('reimbursed-prescriptions', 'purchase_date','Date of purchase',           'Ostopäivä',                 'Köpdatum',                 'date',    1),
  ('reimbursed-prescriptions', 'atc',          'Medicine (ATC code)',        'Lääke (ATC-koodi)',         'Läkemedel (ATC-kod)',      'code',    2),
  ('reimbursed-prescriptions', 'ddd',          'Defined daily doses',        'Määritellyt vuorokausiannokset', 'Definierade dygnsdoser', 'decimal', 3),
  ('reimbursed-prescriptions', 'cost_eur',     'Cost (EUR)',                 'Hinta (EUR)',               'Kostnad (EUR)',            'decimal', 4),
  ('causes-of-death',       'death_date',      'Date of death',              'Kuolinpäivä',               'Dödsdatum',                'date',    1),
  ('causes-of-death',       'underlying_cause','Underlying cause (ICD-10)',  'Peruskuolemansyy (ICD-10)', 'Underliggande dödsorsak (ICD-10)', 'code', 2),
  ('biobank-samples',       'sampled_on',      'Date of sampling',           'Näytteenottopäivä',         'Provtagningsdatum',        'date',    1),
  ('biobank-samples',       'sample_type',     'Sample type',                'Näytetyyppi',               'Provtyp',                  'code',    2),
  ('biobank-samples',       'volume_ml',       'Volume (ml)',                'Tilavuus (ml)',             'Volym (ml)',               'decimal', 3);

-- One order per register holder of a granted permit, built from the permit alone.
CREATE TABLE extraction_order (
    case_id       uuid        NOT NULL REFERENCES application (id),
    holder_id     text        NOT NULL REFERENCES register_holder (id),
    job_key       bigint      NOT NULL,
    -- [{"dataset": "care-register", "variables": ["icd10", ...]}]
    datasets      jsonb       NOT NULL,
    cohort        jsonb       NOT NULL,
    status        text        NOT NULL CHECK (status IN ('ordered', 'delivered', 'not-possible')),
    ordered_at    timestamptz NOT NULL DEFAULT now(),
    answered_by   text,
    answered_at   timestamptz,
    notes         text,
    PRIMARY KEY (case_id, holder_id)
);

-- The compiled dataset of a permit. The pseudonymisation key is the code key: it turns an identifier into the
-- permit's pseudonym, so it is kept encrypted and never delivered.
CREATE TABLE compilation (
    case_id         uuid        PRIMARY KEY REFERENCES application (id),
    kind            text        NOT NULL CHECK (kind IN ('dataset', 'statistics')),
    key_ciphertext  bytea       NOT NULL,
    status          text        NOT NULL CHECK (status IN ('ordered', 'compiled', 'approved', 'delivered', 'deleted')),
    attempts        integer     NOT NULL DEFAULT 0,
    report          jsonb,
    compiled_at     timestamptz,
    approved_by     text,
    approved_at     timestamptz
);

-- Who may work in a permit's workspace and until when (the local SPE's access list; an SPE adapter mirrors it).
CREATE TABLE spe_access (
    case_id      uuid        NOT NULL REFERENCES application (id),
    identity     text        NOT NULL,
    valid_until  date        NOT NULL,
    granted_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz,
    PRIMARY KEY (case_id, identity)
);

-- Evidence that a permit's data was deleted: what, when, who, and the checksums of what was deleted.
CREATE TABLE deletion_record (
    case_id      uuid        PRIMARY KEY REFERENCES application (id),
    job_key      bigint      NOT NULL,
    deleted_at   timestamptz NOT NULL DEFAULT now(),
    deleted_by   text        NOT NULL,
    files        jsonb       NOT NULL,
    location     text        NOT NULL
);

-- Results a researcher asks to take out of the secure environment.
CREATE TABLE output_request (
    id            uuid        PRIMARY KEY,
    case_id       uuid        NOT NULL REFERENCES application (id),
    submitted_by  text        NOT NULL,
    submitted_at  timestamptz NOT NULL DEFAULT now(),
    filename      text        NOT NULL,
    sha256        text        NOT NULL,
    content       bytea       NOT NULL,
    findings      jsonb       NOT NULL DEFAULT '[]'::jsonb,
    status        text        NOT NULL CHECK (status IN ('submitted', 'in-review', 'approved', 'rejected')),
    reviewed_by   text,
    reviewed_at   timestamptz,
    reasons       text
);
CREATE INDEX output_request_case_idx ON output_request (case_id, submitted_at);
