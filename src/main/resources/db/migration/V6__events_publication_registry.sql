-- Spring Modulith's JDBC event publication registry: our outbox (schema of spring-modulith-events-jdbc 1.4).
CREATE TABLE event_publication (
    id               uuid NOT NULL PRIMARY KEY,
    listener_id      text NOT NULL,
    event_type       text NOT NULL,
    serialized_event text NOT NULL,
    publication_date timestamptz NOT NULL,
    completion_date  timestamptz
);
CREATE INDEX event_publication_serialized_event_hash_idx ON event_publication USING hash (serialized_event);
CREATE INDEX event_publication_by_completion_date_idx ON event_publication (completion_date);
