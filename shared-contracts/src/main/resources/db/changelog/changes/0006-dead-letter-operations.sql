--liquibase formatted sql

--changeset fetchq:0006-dead-letters-filter-indexes
-- The admin list and bulk replay filter by host or error type (API.md "Operations") and walk newest
-- first (failed_at DESC, id DESC); tenant-scoped walks use dead_letters_tenant_failed_idx (0002).
CREATE INDEX dead_letters_host_failed_idx ON dead_letters (host, failed_at DESC, id DESC);
CREATE INDEX dead_letters_error_failed_idx ON dead_letters (last_error_type, failed_at DESC, id DESC);
--rollback DROP INDEX dead_letters_error_failed_idx; DROP INDEX dead_letters_host_failed_idx;

--changeset fetchq:0006-dead-letter-replay-runs
-- A bulk replay: the filter and limit as requested, who asked, and its progress. The API instances
-- drive running runs one at a time, in request order: the instance holding the lease (locked_by,
-- locked_until) replays the run's items at the configured rate; another instance takes over when the
-- lease expires. A canary run replays its first `canary` items, waits until their jobs are
-- terminal, and goes on only if all completed.
CREATE TABLE dead_letter_replay_runs (
    id                uuid PRIMARY KEY,                 -- UUIDv7
    requested_at      timestamptz NOT NULL,
    actor_tenant_id   uuid        NOT NULL REFERENCES tenants (id),
    actor_key_id      uuid,                             -- null: the bootstrap key
    scope_tenant_id   uuid,                             -- null: every tenant (system admin)
    filter            jsonb       NOT NULL,
    max_entries       integer     NOT NULL CHECK (max_entries >= 1),
    canary            integer     CHECK (canary >= 1),
    canary_passed     boolean     NOT NULL DEFAULT false,
    canary_replayed_at timestamptz,                     -- when the last canary item was replayed
    state             text        NOT NULL DEFAULT 'running'
        CONSTRAINT dead_letter_replay_runs_state_check CHECK (state IN ('running', 'completed', 'aborted')),
    reason            text,
    matched           integer     NOT NULL,
    replayed          integer     NOT NULL DEFAULT 0,
    skipped           integer     NOT NULL DEFAULT 0,
    locked_by         text,
    locked_until      timestamptz,
    finished_at       timestamptz
);
CREATE INDEX dead_letter_replay_runs_running_idx ON dead_letter_replay_runs (requested_at, id)
    WHERE state = 'running';
--rollback DROP TABLE dead_letter_replay_runs;

--changeset fetchq:0006-dead-letter-replay-items
-- The entries a run replays, snapshot when it was requested (position 1 = newest failure). An entry
-- that fails again during the run is not in its snapshot twice, so a run never loops. outcome is
-- null until the item is processed; generation is the job generation the replay started.
CREATE TABLE dead_letter_replay_items (
    run_id         uuid    NOT NULL REFERENCES dead_letter_replay_runs (id) ON DELETE CASCADE,
    position       integer NOT NULL,
    dead_letter_id uuid    NOT NULL,
    job_id         uuid    NOT NULL,
    outcome        text
        CONSTRAINT dead_letter_replay_items_outcome_check CHECK (outcome IN ('replayed', 'skipped')),
    generation     integer,
    PRIMARY KEY (run_id, position)
);
-- The driver's "next unprocessed items" lookup stays an index range scan however far the run got.
CREATE INDEX dead_letter_replay_items_pending_idx ON dead_letter_replay_items (run_id, position)
    WHERE outcome IS NULL;
--rollback DROP TABLE dead_letter_replay_items;

--changeset fetchq:0006-dead-letter-audit
-- Every dead-letter operation (replay, bulk replay incl. dry runs, discard): who, when, what.
CREATE TABLE dead_letter_audit (
    id              uuid PRIMARY KEY,                   -- UUIDv7
    at              timestamptz NOT NULL,
    action          text        NOT NULL
        CONSTRAINT dead_letter_audit_action_check CHECK (action IN ('replay', 'bulk_replay', 'discard')),
    actor_tenant_id uuid        NOT NULL,
    actor_key_id    uuid,                               -- null: the bootstrap key
    tenant_id       uuid,                               -- tenant affected; null: every tenant
    dead_letter_id  uuid,
    job_id          uuid,
    run_id          uuid,
    filter          jsonb,
    dry_run         boolean     NOT NULL DEFAULT false,
    matched         integer     NOT NULL,
    replayed        integer     NOT NULL
);
CREATE INDEX dead_letter_audit_at_idx ON dead_letter_audit (at DESC, id DESC);
CREATE INDEX dead_letter_audit_tenant_at_idx ON dead_letter_audit (tenant_id, at DESC, id DESC);
--rollback DROP TABLE dead_letter_audit;
