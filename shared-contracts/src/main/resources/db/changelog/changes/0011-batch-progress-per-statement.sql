--liquibase formatted sql

--changeset fetchq:0011-batch-progress-per-statement splitStatements:false
-- A batch's progress counters (terminal_jobs, completions; 0008) are kept once per statement
-- instead of once per job. The row trigger updated the batch row for every job of it that entered
-- or left a terminal state: the worker's outcome writer ends hundreds of jobs of one batch in one
-- transaction, and each update of the same row in one transaction walks the longer chain of its
-- versions (psql: 2,000 updates of one row 86 ms, of 2,000 rows 34 ms). perf put 17 % of
-- PostgreSQL's CPU in the status trigger during bench/run drain-batch. Now the row trigger keeps
-- the per-job work (the NOTIFY, the job.* webhook event) and a statement trigger adds each batch's
-- net change once, from the statement's transition tables, locking the batch rows in id order so
-- that two transactions never wait on each other's batch rows in opposite orders. The batch
-- completes when its terminal_jobs reaches its size through an increase, as before; its event's
-- occurred_at is the latest terminal time among the statement's jobs of that batch, which is the
-- time of the job that completed it.
-- PostgreSQL allows transition tables only on a trigger without a column list, so the statement
-- trigger runs after every UPDATE of jobs; for statements that change no job's terminal state (a
-- claim, a cancel's other columns) it reads its transition tables and writes nothing.
-- The row trigger's NOTIFY is an assignment, not a PERFORM: PL/pgSQL evaluates an assignment of a
-- simple expression with a plan made once, where PERFORM runs a query through SPI that the pool's
-- plan_cache_mode = force_custom_plan plans anew at every row (perf, drain-batch: 5.5 % of
-- PostgreSQL's CPU planning inside the triggers; psql, 50,000 calls: 4.3 µs each as PERFORM,
-- 1.0 µs as an assignment).
CREATE OR REPLACE FUNCTION fetchq_job_status_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    was_terminal boolean := OLD.status IN ('completed', 'failed', 'cancelled');
    is_terminal  boolean := NEW.status IN ('completed', 'failed', 'cancelled');
    at           timestamptz := COALESCE(NEW.completed_at, NEW.updated_at);
    event_id     uuid;
    sent         text;
BEGIN
    sent := pg_notify('fetchq_job_events', NEW.id::text || ' ' || COALESCE(NEW.batch_id::text, '-'));
    IF is_terminal AND NOT was_terminal AND NEW.callback_url IS NOT NULL THEN
        INSERT INTO webhook_deliveries (id, tenant_id, job_id, event_type, url, occurred_at, updated_at)
        VALUES (md5('job:' || NEW.id::text || ':' || NEW.generation::text || ':' || NEW.status)::uuid,
                NEW.tenant_id, NEW.id, 'job.' || NEW.status, NEW.callback_url, at, at)
        ON CONFLICT (id) DO NOTHING
        RETURNING id INTO event_id;
        IF event_id IS NOT NULL THEN
            sent := pg_notify('fetchq_webhook_events', event_id::text);
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION fetchq_batch_progress() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    change   record;
    batch    record;
    event_id uuid;
    sent     text;
BEGIN
    FOR change IN
        SELECT n.batch_id,
               sum(CASE WHEN n.status IN ('completed', 'failed', 'cancelled') THEN 1 ELSE -1 END)::integer
                   AS delta,
               max(COALESCE(n.completed_at, n.updated_at)) AS at
          FROM new_jobs n
          JOIN old_jobs o ON o.id = n.id
         WHERE n.batch_id IS NOT NULL
           AND (n.status IN ('completed', 'failed', 'cancelled'))
               <> (o.status IN ('completed', 'failed', 'cancelled'))
         GROUP BY n.batch_id
         ORDER BY n.batch_id
    LOOP
        CONTINUE WHEN change.delta = 0;
        UPDATE batches
           SET terminal_jobs = terminal_jobs + change.delta,
               completions = completions
                   + CASE WHEN change.delta > 0 AND terminal_jobs + change.delta = size THEN 1 ELSE 0 END
         WHERE id = change.batch_id
        RETURNING id, tenant_id, size, terminal_jobs, completions, callback_url INTO batch;
        IF FOUND AND change.delta > 0 AND batch.terminal_jobs = batch.size
                AND batch.callback_url IS NOT NULL THEN
            event_id := NULL;
            INSERT INTO webhook_deliveries
                   (id, tenant_id, batch_id, event_type, url, occurred_at, updated_at)
            VALUES (md5('batch:' || batch.id::text || ':' || batch.completions::text)::uuid,
                    batch.tenant_id, batch.id, 'batch.completed', batch.callback_url,
                    change.at, change.at)
            ON CONFLICT (id) DO NOTHING
            RETURNING id INTO event_id;
            IF event_id IS NOT NULL THEN
                sent := pg_notify('fetchq_webhook_events', event_id::text);
            END IF;
        END IF;
    END LOOP;
    RETURN NULL;
END
$$;

CREATE TRIGGER jobs_batch_progress
    AFTER UPDATE ON jobs
    REFERENCING OLD TABLE AS old_jobs NEW TABLE AS new_jobs
    FOR EACH STATEMENT
    EXECUTE FUNCTION fetchq_batch_progress();
--rollback DROP TRIGGER jobs_batch_progress ON jobs;
--rollback DROP FUNCTION fetchq_batch_progress();
--rollback CREATE OR REPLACE FUNCTION fetchq_job_status_changed() RETURNS trigger
--rollback     LANGUAGE plpgsql AS $$
--rollback DECLARE
--rollback     was_terminal boolean := OLD.status IN ('completed', 'failed', 'cancelled');
--rollback     is_terminal  boolean := NEW.status IN ('completed', 'failed', 'cancelled');
--rollback     at           timestamptz := COALESCE(NEW.completed_at, NEW.updated_at);
--rollback     event_id     uuid;
--rollback     batch        record;
--rollback BEGIN
--rollback     PERFORM pg_notify('fetchq_job_events', NEW.id::text || ' ' || COALESCE(NEW.batch_id::text, '-'));
--rollback     IF is_terminal AND NOT was_terminal AND NEW.callback_url IS NOT NULL THEN
--rollback         INSERT INTO webhook_deliveries (id, tenant_id, job_id, event_type, url, occurred_at, updated_at)
--rollback         VALUES (md5('job:' || NEW.id::text || ':' || NEW.generation::text || ':' || NEW.status)::uuid,
--rollback                 NEW.tenant_id, NEW.id, 'job.' || NEW.status, NEW.callback_url, at, at)
--rollback         ON CONFLICT (id) DO NOTHING
--rollback         RETURNING id INTO event_id;
--rollback         IF event_id IS NOT NULL THEN
--rollback             PERFORM pg_notify('fetchq_webhook_events', event_id::text);
--rollback         END IF;
--rollback     END IF;
--rollback     IF NEW.batch_id IS NOT NULL AND is_terminal <> was_terminal THEN
--rollback         UPDATE batches
--rollback            SET terminal_jobs = terminal_jobs + CASE WHEN is_terminal THEN 1 ELSE -1 END,
--rollback                completions = completions
--rollback                    + CASE WHEN is_terminal AND terminal_jobs + 1 = size THEN 1 ELSE 0 END
--rollback          WHERE id = NEW.batch_id
--rollback         RETURNING id, tenant_id, size, terminal_jobs, completions, callback_url INTO batch;
--rollback         IF FOUND AND is_terminal AND batch.terminal_jobs = batch.size
--rollback                 AND batch.callback_url IS NOT NULL THEN
--rollback             event_id := NULL;
--rollback             INSERT INTO webhook_deliveries
--rollback                    (id, tenant_id, batch_id, event_type, url, occurred_at, updated_at)
--rollback             VALUES (md5('batch:' || batch.id::text || ':' || batch.completions::text)::uuid,
--rollback                     batch.tenant_id, batch.id, 'batch.completed', batch.callback_url, at, at)
--rollback             ON CONFLICT (id) DO NOTHING
--rollback             RETURNING id INTO event_id;
--rollback             IF event_id IS NOT NULL THEN
--rollback                 PERFORM pg_notify('fetchq_webhook_events', event_id::text);
--rollback             END IF;
--rollback         END IF;
--rollback     END IF;
--rollback     RETURN NULL;
--rollback END
--rollback $$;
