-- One job-like row per transaction (bench/run's PostgreSQL ceiling).
insert into bench_jobs (id, tenant_id, status, method, url, timeout_ms, follow_redirects,
    max_attempts, retry_initial_delay_ms, retry_multiplier, retry_max_delay_ms, created_at, updated_at)
values (gen_random_uuid(), '00000000-0000-0000-0000-000000000001', 'queued', 'GET',
    'http://127.0.0.1:8080/ok/pgbench/' || :client_id, 10000, true, 5, 1000, 2.0, 300000, now(), now());
