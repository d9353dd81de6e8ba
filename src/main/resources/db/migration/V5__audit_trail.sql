-- Append-only, hash-chained audit trail. The trigger stops casual edits; the hash chain detects the rest
-- (a superuser can disable triggers, but cannot recompute the chain without it showing).
CREATE TABLE audit_event (
    id          bigserial PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    actor       text        NOT NULL,
    action      text        NOT NULL,
    case_id     uuid,
    detail      text        NOT NULL,
    prev_hash   text        NOT NULL,
    hash        text        NOT NULL UNIQUE
);
CREATE INDEX audit_event_case_idx ON audit_event (case_id, id);

CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only';
END;
$$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();
