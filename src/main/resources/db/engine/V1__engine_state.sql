-- State of the Isaacus engine, in its own schema (Flyway history included), apart from the app's tables.
-- One key sequence, shaped like Zeebe's keys (partition 1 in the upper bits).
create sequence engine_key start with 2251799813685249;

-- Deployed resources and what they define. A resource whose checksum did not change keeps its version.
create table resource (
    key bigint primary key,
    name text not null,
    checksum text not null,
    content bytea not null,
    deployed_at timestamptz not null default now()
);

create table definition (
    key bigint primary key,
    kind text not null,              -- process, decision, decision-requirements, form
    definition_id text not null,     -- bpmn process id, decision id, drg id, form id
    name text,
    version int not null,
    resource_key bigint not null references resource (key),
    checksum text not null,
    parent_key bigint,               -- a decision's decision requirements
    unique (kind, definition_id, version)
);

-- Each call tree (a root process instance and the children it called) is one document, locked as a whole
-- by every command that touches it: one transaction per command, no partial state.
create table instance_tree (
    root_key bigint primary key,
    state json not null,          -- json, not jsonb: key order is kept, as Zeebe keeps it
    updated_at timestamptz not null default now()
);

create table job (
    key bigint primary key,
    root_key bigint not null,
    process_instance_key bigint not null,
    element_instance_key bigint not null,
    element_id text not null,
    bpmn_process_id text not null,
    process_definition_key bigint not null,
    process_definition_version int not null,
    type text not null,
    state text not null,             -- activatable, activated, failed
    retries int not null,
    custom_headers json not null,
    worker text,
    deadline timestamptz,
    backoff_until timestamptz,
    error_message text,
    created_seq bigserial
);
create index job_activatable on job (type, created_seq) where state = 'activatable';
create index job_deadline on job (deadline) where state = 'activated';
create index job_backoff on job (backoff_until) where backoff_until is not null;

create table timer (
    key bigint primary key,
    root_key bigint not null,
    element_instance_key bigint not null,
    element_id text not null,
    due_at timestamptz not null,
    repetitions int not null default 1,   -- -1: unbounded cycle
    interval_ms bigint
);
create index timer_due on timer (due_at);

create table message_subscription (
    key bigint primary key,
    root_key bigint not null,
    process_instance_key bigint not null,
    element_instance_key bigint not null,
    element_id text not null,
    message_name text not null,
    correlation_key text not null
);
create index message_subscription_lookup on message_subscription (message_name, correlation_key);

create table message (
    key bigint primary key,
    name text not null,
    correlation_key text not null,
    message_id text,
    variables json not null,
    deadline timestamptz not null
);
create index message_lookup on message (name, correlation_key);
create index message_deadline on message (deadline);

-- A message correlates once per process instance (and starts one instance of a process).
create table message_correlation (
    message_key bigint not null,
    target text not null,            -- a process instance key, or "start:<bpmn process id>"
    primary key (message_key, target)
);

-- A message start event admits one active instance per correlation key.
create table message_start_lock (
    bpmn_process_id text not null,
    correlation_key text not null,
    root_key bigint not null,
    primary key (bpmn_process_id, correlation_key)
);

create table incident (
    key bigint primary key,
    root_key bigint not null,
    process_instance_key bigint not null,
    element_instance_key bigint not null,
    element_id text not null,
    bpmn_process_id text not null,
    job_key bigint,
    error_type text not null,
    error_message text not null,
    created_at timestamptz not null
);

-- Element-level history: what dashboards and the heatmap read, and what the conformance suite compares.
create table history (
    seq bigserial primary key,
    root_key bigint not null,
    process_instance_key bigint not null,
    element_instance_key bigint not null,
    bpmn_process_id text not null,
    element_id text not null,
    element_type text not null,
    event text not null,             -- activated, completed, terminated, taken (sequence flows)
    at timestamptz not null
);
create index history_instance on history (process_instance_key);
create index history_element_instance on history (element_instance_key, event);

-- The engine's clock: wall time plus an offset that only tests and the local profile move.
create table clock (
    id int primary key check (id = 1),
    offset_ms bigint not null
);
insert into clock values (1, 0);
