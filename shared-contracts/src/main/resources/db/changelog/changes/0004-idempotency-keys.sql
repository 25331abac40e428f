--liquibase formatted sql

--changeset fetchq:0004-idempotency-keys
-- Idempotency keys of job and batch submissions (API.md "Jobs", Idempotency-Key), scoped per tenant.
-- A row is inserted first, in the same transaction as the job (or batch) it stands for, and that
-- transaction also sets resource_id: a committed row always names the resource it created, and a
-- request that dies rolls its row back with everything else. Concurrent requests with the same key
-- are told apart by a transaction-scoped advisory lock (see JdbcIdempotencyKeyStore); the primary
-- key is what guarantees one row, hence one job, per key. fingerprint is the SHA-256 of the
-- canonical request. Rows live until expires_at (at least 24 h); a scheduled purge deletes them in
-- small batches, and an expired row not yet purged is replaced by the next request with its key.
CREATE TABLE idempotency_keys (
    tenant_id       uuid        NOT NULL REFERENCES tenants (id),
    idempotency_key text        NOT NULL,
    resource_type   text        NOT NULL
        CONSTRAINT idempotency_keys_resource_type_check CHECK (resource_type IN ('job', 'batch')),
    fingerprint     bytea       NOT NULL,
    resource_id     uuid,       -- null only inside the transaction that claimed the key
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    CONSTRAINT idempotency_keys_pkey PRIMARY KEY (tenant_id, idempotency_key),
    CONSTRAINT idempotency_keys_key_check
        CHECK (length(idempotency_key) BETWEEN 1 AND 255 AND idempotency_key ~ '^[!-~]+$'),
    CONSTRAINT idempotency_keys_fingerprint_check CHECK (octet_length(fingerprint) = 32),
    CONSTRAINT idempotency_keys_expiry_check CHECK (expires_at > created_at)
);
CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_at);
--rollback DROP TABLE idempotency_keys;
