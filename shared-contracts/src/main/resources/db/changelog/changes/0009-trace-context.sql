--liquibase formatted sql

--changeset fetchq:0009-job-trace-context
-- The W3C trace context (traceparent, tracestate) of the request that accepted the job, recorded in
-- the transaction that enqueues the job's first message. The asynchronous hops read it to join the
-- job's trace: the webhook deliveries of the job carry it in their Kafka headers. Null for jobs
-- accepted without tracing (or before this change).
ALTER TABLE jobs
    ADD COLUMN trace_parent text,
    ADD COLUMN trace_state  text;
--rollback ALTER TABLE jobs DROP COLUMN trace_state, DROP COLUMN trace_parent;
