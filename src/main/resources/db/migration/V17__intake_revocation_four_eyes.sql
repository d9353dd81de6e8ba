-- Revoking a permit takes two officers: one proposes with the reasons, another confirms; only then is the permit's
-- process told. A proposal is kept (with who confirmed it) as the record of the four eyes.
CREATE TABLE revocation_request (
    case_id      uuid        PRIMARY KEY REFERENCES application (id),
    proposed_by  text        NOT NULL,
    reason       text        NOT NULL,
    proposed_at  timestamptz NOT NULL,
    confirmed_by text,
    confirmed_at timestamptz,
    CHECK (confirmed_by IS NULL OR confirmed_by <> proposed_by)
);
