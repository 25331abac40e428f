-- The pgbench ceiling's table: the columns and indexes of fetchq's jobs row that an accepted job
-- writes (see shared-contracts/src/main/resources/db/changelog), without fetchq's triggers.
create table bench_jobs (
    id                     uuid primary key,
    tenant_id              uuid             not null,
    batch_id               uuid,
    status                 text             not null,
    method                 text             not null,
    url                    text             not null,
    request_headers        jsonb            not null default '{}',
    timeout_ms             integer          not null,
    follow_redirects       boolean          not null,
    max_attempts           integer          not null,
    retry_initial_delay_ms bigint           not null,
    retry_multiplier       double precision not null,
    retry_max_delay_ms     bigint           not null,
    metadata               jsonb            not null default '{}',
    attempts               integer          not null default 0,
    created_at             timestamptz      not null,
    updated_at             timestamptz      not null
);
create index bench_jobs_tenant_idx on bench_jobs (tenant_id, id desc);
create index bench_jobs_tenant_status_idx on bench_jobs (tenant_id, status, id desc);
