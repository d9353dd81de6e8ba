-- Permit applications from draft to decision. form_data keeps what the applicant typed in the Camunda form.
CREATE TABLE application (
    id                    uuid PRIMARY KEY,
    applicant             text        NOT NULL,
    type                  text        NOT NULL CHECK (type IN ('data-permit', 'data-request')),
    status                text        NOT NULL,
    title                 text        NOT NULL DEFAULT '',
    form_data             jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    submitted_at          timestamptz,
    process_instance_key  bigint
);
CREATE INDEX application_applicant_idx ON application (applicant, created_at DESC);

-- Every externally visible status change: the applicant's timeline.
CREATE TABLE application_status_change (
    id              bigserial PRIMARY KEY,
    application_id  uuid        NOT NULL REFERENCES application (id),
    status          text        NOT NULL,
    changed_at      timestamptz NOT NULL DEFAULT now(),
    changed_by      text        NOT NULL
);
CREATE INDEX application_status_change_app_idx ON application_status_change (application_id, id);

CREATE TABLE attachment (
    id              uuid PRIMARY KEY,
    application_id  uuid        NOT NULL REFERENCES application (id),
    kind            text        NOT NULL,
    filename        text        NOT NULL,
    content_type    text        NOT NULL,
    size_bytes      integer     NOT NULL,
    sha256          text        NOT NULL,
    content         bytea       NOT NULL,
    uploaded_by     text        NOT NULL,
    uploaded_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachment_application_idx ON attachment (application_id);
