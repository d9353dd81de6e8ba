-- The whole permit lifecycle: task headers, ethics statements, the legal clock, fees, notifications,
-- the public permit list and a log of compilation and delivery steps.

ALTER TABLE user_task ADD COLUMN headers jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE application_status_change ADD COLUMN reason text;
ALTER TABLE decision_document DROP CONSTRAINT decision_document_outcome_check;
ALTER TABLE decision_document ADD CONSTRAINT decision_document_outcome_check
    CHECK (outcome IN ('grant', 'grant-with-conditions', 'refuse'));
ALTER TABLE decision_document ADD COLUMN conditions text;
ALTER TABLE decision_document ADD COLUMN valid_until date;
ALTER TABLE decision_document ADD COLUMN approved_by text;
ALTER TABLE decision_document ADD COLUMN appeal_lodged_at timestamptz;
ALTER TABLE decision_document ADD COLUMN renewed_until date;

CREATE TABLE ethics_committee (
    id   text PRIMARY KEY,
    name text NOT NULL
);
INSERT INTO ethics_committee (id, name) VALUES
  ('tukija', 'National Committee on Medical Research Ethics (TUKIJA)'),
  ('hus',    'HUS Regional Committee on Medical Research Ethics');

-- Statements given through Isaacus or registered from earlier reviews; looked up by committee + reference.
CREATE TABLE ethics_statement (
    id               uuid PRIMARY KEY,
    committee_id     text        NOT NULL REFERENCES ethics_committee (id),
    reference_number text        NOT NULL,
    outcome          text        NOT NULL CHECK (outcome IN ('favourable', 'favourable-with-conditions', 'unfavourable')),
    statement_text   text        NOT NULL,
    statement_date   date        NOT NULL,
    valid_until      date        NOT NULL,
    case_id          uuid,
    recorded_by      text        NOT NULL,
    recorded_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (committee_id, reference_number)
);
INSERT INTO ethics_statement (id, committee_id, reference_number, outcome, statement_text, statement_date, valid_until, recorded_by)
VALUES ('6f1c2b1e-0000-4000-8000-000000000001', 'tukija', 'TUKIJA/123/2026', 'favourable',
        'Favourable statement on registry-based research on cardiovascular medication.', DATE '2026-01-15', DATE '2028-01-15', 'seed');

-- The legal clock of a case: decision due three months after the application is complete, once extendable.
CREATE TABLE legal_clock (
    case_id          uuid PRIMARY KEY REFERENCES application (id),
    started_at       timestamptz NOT NULL,
    due_at           timestamptz NOT NULL,
    extended_by      text,
    extension_reason text,
    extended_at      timestamptz,
    process_instance_key bigint NOT NULL
);

CREATE TABLE invoice (
    case_id     uuid PRIMARY KEY REFERENCES application (id),
    job_key     bigint        NOT NULL UNIQUE,
    category    text          NOT NULL,
    base_fee    numeric(10,2) NOT NULL,
    hourly_rate numeric(10,2) NOT NULL,
    created_at  timestamptz   NOT NULL DEFAULT now()
);

-- The local mailbox: every notification is stored first (the outbox), then sent when SMTP is configured.
CREATE TABLE notification (
    id          bigserial PRIMARY KEY,
    job_key     bigint      NOT NULL UNIQUE,
    case_id     uuid,
    template    text        NOT NULL,
    recipient   text        NOT NULL,
    subject     text        NOT NULL,
    body        text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz
);
CREATE INDEX notification_recipient_idx ON notification (recipient, id);

-- Published permits: what the law requires to be public, nothing more.
CREATE TABLE public_permit (
    case_id      uuid PRIMARY KEY REFERENCES application (id),
    permit_holder text       NOT NULL,
    title        text        NOT NULL,
    purpose      text        NOT NULL,
    datasets     text        NOT NULL,
    valid_until  date,
    published_at timestamptz NOT NULL DEFAULT now()
);

-- What the simple compilation and delivery workers did, per case and holder.
CREATE TABLE stage_event (
    id        bigserial PRIMARY KEY,
    job_key   bigint      NOT NULL UNIQUE,
    case_id   uuid,
    step      text        NOT NULL,
    holder    text,
    detail    text        NOT NULL DEFAULT '',
    at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stage_event_case_idx ON stage_event (case_id, id);
