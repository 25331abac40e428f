--liquibase formatted sql

--changeset fetchq:0002-jobs-generation
-- How many times the job was replayed from the dead-letter queue. Part of every job message's
-- identity (with the attempt number), so a message from before a replay can never claim an attempt
-- of the replayed job.
ALTER TABLE jobs ADD COLUMN generation integer NOT NULL DEFAULT 0;
--rollback ALTER TABLE jobs DROP COLUMN generation;

--changeset fetchq:0002-job-attempts
-- One row per attempt that reached a target (or failed trying), written with the attempt's outcome.
CREATE TABLE job_attempts (
    job_id        uuid        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    generation    integer     NOT NULL,
    attempt       integer     NOT NULL,
    due_at        timestamptz,                      -- when a retry was due (null: first attempt)
    started_at    timestamptz NOT NULL,
    duration_ms   integer     NOT NULL,
    outcome       text        NOT NULL
        CONSTRAINT job_attempts_outcome_check CHECK (outcome IN ('completed', 'retryable_error', 'failed')),
    status_code   integer,
    error_type    text,
    error_message text,
    PRIMARY KEY (job_id, generation, attempt)
);
--rollback DROP TABLE job_attempts;

--changeset fetchq:0002-dead-letters
-- One entry per dead-lettered job (API.md "Operations"). A replay sets state 'replayed'; failing
-- again updates the same entry back to 'dead'.
CREATE TABLE dead_letters (
    id                 uuid PRIMARY KEY,             -- UUIDv7
    job_id             uuid        NOT NULL UNIQUE REFERENCES jobs (id) ON DELETE CASCADE,
    tenant_id          uuid        NOT NULL REFERENCES tenants (id),
    url                text        NOT NULL,
    host               text        NOT NULL,         -- URL host name without port, lowercase
    failed_at          timestamptz NOT NULL,
    attempts           integer     NOT NULL,
    last_error_type    text        NOT NULL,
    last_error_message text        NOT NULL,
    state              text        NOT NULL DEFAULT 'dead'
        CONSTRAINT dead_letters_state_check CHECK (state IN ('dead', 'replayed')),
    replay_count       integer     NOT NULL DEFAULT 0,
    last_replayed_at   timestamptz
);
CREATE INDEX dead_letters_failed_idx ON dead_letters (failed_at DESC, id DESC);
CREATE INDEX dead_letters_tenant_failed_idx ON dead_letters (tenant_id, failed_at DESC, id DESC);
--rollback DROP TABLE dead_letters;
