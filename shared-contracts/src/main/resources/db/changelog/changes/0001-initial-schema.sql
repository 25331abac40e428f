--liquibase formatted sql

--changeset fetchq:0001-tenants
CREATE TABLE tenants (
    id         uuid PRIMARY KEY,
    name       text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
-- The built-in tenant that owns the bootstrap admin key (API.md "Bootstrap").
INSERT INTO tenants (id, name) VALUES ('00000000-0000-0000-0000-000000000001', 'system');
--rollback DROP TABLE tenants;

--changeset fetchq:0001-jobs
CREATE TABLE jobs (
    id                     uuid PRIMARY KEY,            -- UUIDv7: time-ordered
    tenant_id              uuid             NOT NULL REFERENCES tenants (id),
    batch_id               uuid,
    status                 text             NOT NULL
        CONSTRAINT jobs_status_check
            CHECK (status IN ('queued', 'running', 'retrying', 'completed', 'failed', 'cancelled')),
    method                 text             NOT NULL,
    url                    text             NOT NULL,
    request_headers        jsonb            NOT NULL DEFAULT '{}',
    request_body           bytea,
    request_body_base64    boolean          NOT NULL DEFAULT false, -- echo the body as submitted
    timeout_ms             integer          NOT NULL,
    follow_redirects       boolean          NOT NULL,
    max_attempts           integer          NOT NULL,
    retry_initial_delay_ms bigint           NOT NULL,
    retry_multiplier       double precision NOT NULL,
    retry_max_delay_ms     bigint           NOT NULL,
    callback_url           text,
    metadata               jsonb            NOT NULL DEFAULT '{}',
    attempts               integer          NOT NULL DEFAULT 0,  -- attempts started so far
    next_attempt_at        timestamptz,
    last_error_type        text,
    last_error_message     text,
    trace_parent           text,
    created_at             timestamptz      NOT NULL,
    updated_at             timestamptz      NOT NULL,
    completed_at           timestamptz
);
CREATE INDEX jobs_tenant_created_idx ON jobs (tenant_id, id DESC);
--rollback DROP TABLE jobs;

--changeset fetchq:0001-job-results
CREATE TABLE job_results (
    job_id         uuid PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    status_code    integer     NOT NULL,
    headers        jsonb       NOT NULL,  -- lowercase names, repeated values joined with ", "
    body           bytea       NOT NULL,  -- at most the configured cap
    body_truncated boolean     NOT NULL,
    body_size      bigint,                -- full size when known
    duration_ms    integer     NOT NULL,
    fetched_at     timestamptz NOT NULL
);
--rollback DROP TABLE job_results;

--changeset fetchq:0001-outbox
-- Transactional outbox: a row is written in the transaction that changes a job and deleted by the
-- relay in the transaction that observed Kafka's acknowledgement.
CREATE TABLE outbox (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic       text        NOT NULL,
    message_key text        NOT NULL,
    payload     bytea       NOT NULL,
    headers     jsonb       NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now()
);
--rollback DROP TABLE outbox;
