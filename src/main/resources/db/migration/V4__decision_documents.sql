-- One decision document per case; the job key makes a re-delivered job a no-op.
CREATE TABLE decision_document (
    application_id  uuid PRIMARY KEY REFERENCES application (id),
    job_key         bigint      NOT NULL UNIQUE,
    outcome         text        NOT NULL CHECK (outcome IN ('grant', 'refuse')),
    reasons         text        NOT NULL,
    decided_by      text        NOT NULL,
    pdf             bytea       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
