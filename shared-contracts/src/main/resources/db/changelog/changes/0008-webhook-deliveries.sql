--liquibase formatted sql

--changeset fetchq:0008-webhook-deliveries
-- One row per webhook event (API.md "Webhooks (callbacks)"): created by the trigger below in the
-- transaction that makes the transition, so an event exists exactly when its transition committed.
-- The id is the event id (the webhook-id header): derived from the transition itself, so a second
-- attempt to record the same transition (a redelivered message, a retried transaction) finds the
-- row and adds nothing.
-- state: new       the transition committed; the API has not rendered the payload yet
--        queued    payload rendered, a callback message for attempt attempts+1 is in the topic
--        sending   attempt `attempts` is being made by a worker
--        scheduled attempt `attempts` failed; the next one is due at next_attempt_at
--        delivered a 2xx answer was received
--        failed    the schedule is exhausted or the receiver answered 410: the callback dead-letter
--                  queue (admins list and replay these)
CREATE TABLE webhook_deliveries (
    id               uuid PRIMARY KEY,
    tenant_id        uuid        NOT NULL REFERENCES tenants (id),
    job_id           uuid,                              -- job.* events
    batch_id         uuid,                              -- batch.completed events
    event_type       text        NOT NULL
        CONSTRAINT webhook_deliveries_type_check
            CHECK (event_type IN ('job.completed', 'job.failed', 'job.cancelled', 'batch.completed')),
    url              text        NOT NULL,
    state            text        NOT NULL DEFAULT 'new'
        CONSTRAINT webhook_deliveries_state_check
            CHECK (state IN ('new', 'queued', 'sending', 'scheduled', 'delivered', 'failed')),
    attempts         integer     NOT NULL DEFAULT 0,    -- attempts made so far (this replay round)
    last_status_code integer,                           -- the receiver's last answer, null if none
    last_error       text,                              -- why the last attempt failed, if it did
    next_attempt_at  timestamptz,                       -- state scheduled: when the next attempt is due
    payload          text,                              -- the JSON body, rendered once, sent unchanged
    occurred_at      timestamptz NOT NULL,              -- the transition's time: the event timestamp
    updated_at       timestamptz NOT NULL,
    delivered_at     timestamptz,
    failed_at        timestamptz,
    replay_count     integer     NOT NULL DEFAULT 0,
    CONSTRAINT webhook_deliveries_subject_check CHECK ((job_id IS NULL) <> (batch_id IS NULL))
);
CREATE INDEX webhook_deliveries_job_idx ON webhook_deliveries (job_id, occurred_at DESC)
    WHERE job_id IS NOT NULL;
CREATE INDEX webhook_deliveries_new_idx ON webhook_deliveries (occurred_at) WHERE state = 'new';
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at)
    WHERE state = 'scheduled';
CREATE INDEX webhook_deliveries_failed_idx ON webhook_deliveries (failed_at DESC, id DESC)
    WHERE state = 'failed';
CREATE INDEX webhook_deliveries_tenant_failed_idx
    ON webhook_deliveries (tenant_id, failed_at DESC, id DESC) WHERE state = 'failed';
--rollback DROP TABLE webhook_deliveries;

--changeset fetchq:0008-batch-progress-counters
-- A batch completes when its last job reaches a terminal state. The trigger below keeps
-- terminal_jobs in step under the batch row's lock, so two transactions finishing a batch's last two
-- jobs concurrently cannot both miss (or both see) its completion. completions counts how often the
-- batch completed: a dead-letter replay can reopen it, and each completion is its own event.
ALTER TABLE batches
    ADD COLUMN terminal_jobs integer NOT NULL DEFAULT 0,
    ADD COLUMN completions   integer NOT NULL DEFAULT 0;
UPDATE batches b
   SET terminal_jobs = (SELECT count(*) FROM jobs j
                         WHERE j.tenant_id = b.tenant_id AND j.batch_id = b.id
                           AND j.status IN ('completed', 'failed', 'cancelled'));
UPDATE batches SET completions = 1 WHERE terminal_jobs = size;
--rollback ALTER TABLE batches DROP COLUMN completions, DROP COLUMN terminal_jobs;

--changeset fetchq:0008-job-status-trigger splitStatements:false
-- Every status change of a job, whichever service makes it:
-- * NOTIFY fetchq_job_events '<job id> <batch id or ->' (delivered at commit, never for a rolled
--   back change): the API instances' Server-Sent Event streams learn of it;
-- * entering completed/failed/cancelled with a callback URL: the job.<status> event row, id
--   md5('job:<id>:<generation>:<status>') (a dead-letter replay starts a new generation, so its
--   next terminal transition is a new event), and NOTIFY fetchq_webhook_events '<event id>';
-- * entering or leaving a terminal state in a batch: terminal_jobs += 1 / -= 1 under the batch
--   row's lock; the job that makes terminal_jobs reach size completes the batch: completions += 1
--   and, with a batch callback URL, the batch.completed event md5('batch:<id>:<completions>').
CREATE FUNCTION fetchq_job_status_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    was_terminal boolean := OLD.status IN ('completed', 'failed', 'cancelled');
    is_terminal  boolean := NEW.status IN ('completed', 'failed', 'cancelled');
    at           timestamptz := COALESCE(NEW.completed_at, NEW.updated_at);
    event_id     uuid;
    batch        record;
BEGIN
    PERFORM pg_notify('fetchq_job_events', NEW.id::text || ' ' || COALESCE(NEW.batch_id::text, '-'));
    IF is_terminal AND NOT was_terminal AND NEW.callback_url IS NOT NULL THEN
        INSERT INTO webhook_deliveries (id, tenant_id, job_id, event_type, url, occurred_at, updated_at)
        VALUES (md5('job:' || NEW.id::text || ':' || NEW.generation::text || ':' || NEW.status)::uuid,
                NEW.tenant_id, NEW.id, 'job.' || NEW.status, NEW.callback_url, at, at)
        ON CONFLICT (id) DO NOTHING
        RETURNING id INTO event_id;
        IF event_id IS NOT NULL THEN
            PERFORM pg_notify('fetchq_webhook_events', event_id::text);
        END IF;
    END IF;
    IF NEW.batch_id IS NOT NULL AND is_terminal <> was_terminal THEN
        UPDATE batches
           SET terminal_jobs = terminal_jobs + CASE WHEN is_terminal THEN 1 ELSE -1 END,
               completions = completions
                   + CASE WHEN is_terminal AND terminal_jobs + 1 = size THEN 1 ELSE 0 END
         WHERE id = NEW.batch_id
        RETURNING id, tenant_id, size, terminal_jobs, completions, callback_url INTO batch;
        IF FOUND AND is_terminal AND batch.terminal_jobs = batch.size
                AND batch.callback_url IS NOT NULL THEN
            event_id := NULL;
            INSERT INTO webhook_deliveries
                   (id, tenant_id, batch_id, event_type, url, occurred_at, updated_at)
            VALUES (md5('batch:' || batch.id::text || ':' || batch.completions::text)::uuid,
                    batch.tenant_id, batch.id, 'batch.completed', batch.callback_url, at, at)
            ON CONFLICT (id) DO NOTHING
            RETURNING id INTO event_id;
            IF event_id IS NOT NULL THEN
                PERFORM pg_notify('fetchq_webhook_events', event_id::text);
            END IF;
        END IF;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER jobs_status_changed
    AFTER UPDATE OF status ON jobs
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION fetchq_job_status_changed();
--rollback DROP TRIGGER jobs_status_changed ON jobs; DROP FUNCTION fetchq_job_status_changed();
