-- Requests a person may make once per case (a renewal, an appeal): the key makes the second one a conflict.
-- A renewal asked by a renewal application names that application.
CREATE TABLE case_request (
    case_id      uuid        NOT NULL REFERENCES application (id),
    kind         text        NOT NULL CHECK (kind IN ('renewal', 'appeal')),
    requested_by text        NOT NULL,
    requested_at timestamptz NOT NULL,
    via_case     uuid        REFERENCES application (id),
    PRIMARY KEY (case_id, kind)
);

-- The administrative court's outcome of an appeal, as the officer recorded it.
ALTER TABLE decision_document ADD COLUMN court_outcome text
    CHECK (court_outcome IN ('upheld', 'overturned', 'returned'));
ALTER TABLE decision_document ADD COLUMN court_decided_on date;
ALTER TABLE decision_document ADD COLUMN court_notes text;

-- The revocation decision: written after the permit holder was heard, issued before any data is deleted.
CREATE TABLE revocation_decision (
    case_id           uuid        PRIMARY KEY REFERENCES application (id),
    job_key           bigint      NOT NULL UNIQUE,
    reasons           text        NOT NULL,
    hearing_statement text,
    decided_by        text        NOT NULL,
    pdf               bytea       NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now()
);

-- The legal clock closes when the application ends without a decision (withdrawn).
ALTER TABLE legal_clock ADD COLUMN stopped_at timestamptz;
ALTER TABLE legal_clock ADD COLUMN stop_reason text;

-- An application that ends without a decision is charged by the hours worked on it (price list: cancelled
-- applications); an invoice for an accepted fee gets the hours too when the case is withdrawn later.
ALTER TABLE invoice ADD COLUMN hours numeric(6,1);
