--liquibase formatted sql

--changeset fetchq:0005-batches
-- Batches of jobs (API.md "Batches"): the row is written with all its jobs in one transaction. Its
-- status, counts and completion time are computed from its jobs (jobs_tenant_batch_idx), so nothing
-- has to be kept in step when a worker finishes a job or an operator replays one. jobs.batch_id has
-- no foreign key: only SubmitBatch sets it, in the transaction that inserts the batch, and batches
-- are never deleted; a key would add a check and a row lock per inserted job.
CREATE TABLE batches (
    id           uuid PRIMARY KEY,                  -- UUIDv7
    tenant_id    uuid        NOT NULL REFERENCES tenants (id),
    size         integer     NOT NULL
        CONSTRAINT batches_size_check CHECK (size BETWEEN 1 AND 1000),
    callback_url text,                              -- where batch.completed is POSTed, or null
    created_at   timestamptz NOT NULL
);
--rollback DROP TABLE batches;

--changeset fetchq:0005-jobs-list-indexes
-- Keyset pagination of GET /api/v1/jobs, newest first (ids are UUIDv7): no filter uses
-- jobs_tenant_created_idx (0001); ?status= uses jobs_tenant_status_idx; ?batchId= (with or without
-- status, at most 1000 rows) and a batch's counts use jobs_tenant_batch_idx.
CREATE INDEX jobs_tenant_status_idx ON jobs (tenant_id, status, id DESC);
CREATE INDEX jobs_tenant_batch_idx ON jobs (tenant_id, batch_id, id DESC) WHERE batch_id IS NOT NULL;
--rollback DROP INDEX jobs_tenant_batch_idx; DROP INDEX jobs_tenant_status_idx;
