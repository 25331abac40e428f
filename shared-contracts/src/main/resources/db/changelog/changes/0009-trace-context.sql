--liquibase formatted sql

--changeset fetchq:0009-job-trace-state
-- The W3C trace context of the request that accepted a job: jobs.trace_parent (the traceparent,
-- present since 0001 and unused until now) and, new here, jobs.trace_state (the tracestate). Both
-- are recorded in the transaction that enqueues the job's first message; the asynchronous hops read
-- them to join the job's trace (its webhook deliveries carry them in their Kafka headers). Null for
-- jobs accepted without tracing.
ALTER TABLE jobs ADD COLUMN trace_state text;
--rollback ALTER TABLE jobs DROP COLUMN trace_state;
