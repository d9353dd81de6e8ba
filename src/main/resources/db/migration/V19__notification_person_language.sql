-- The language a person chose in the UI; their notifications are written in it.
CREATE TABLE person_language (
    subject    text        PRIMARY KEY,
    language   text        NOT NULL CHECK (language IN ('en', 'fi', 'sv')),
    updated_at timestamptz NOT NULL DEFAULT now()
);
