--liquibase formatted sql

--changeset fetchq:0003-tenants-rate-limit
-- Each tenant's token bucket (API.md "Rate limits"): refill per second and bucket size. Stored now,
-- enforced by the shared Redis limiter later. Existing tenants (the built-in system tenant) get the
-- default of the API (100/s, burst 200); the column defaults are then dropped, because the
-- application always chooses both values. The domain (RateLimit) holds the upper bounds.
ALTER TABLE tenants
    ADD COLUMN rate_limit_per_second integer NOT NULL DEFAULT 100,
    ADD COLUMN rate_limit_burst      integer NOT NULL DEFAULT 200,
    ADD CONSTRAINT tenants_rate_limit_check
        CHECK (rate_limit_per_second >= 1 AND rate_limit_burst >= rate_limit_per_second);
ALTER TABLE tenants
    ALTER COLUMN rate_limit_per_second DROP DEFAULT,
    ALTER COLUMN rate_limit_burst DROP DEFAULT;
--rollback ALTER TABLE tenants DROP CONSTRAINT tenants_rate_limit_check, DROP COLUMN rate_limit_burst, DROP COLUMN rate_limit_per_second;

--changeset fetchq:0003-tenants-webhook-secret
-- The secret a tenant's webhooks are signed with (Standard Webhooks): 'whsec_' + base64 of 32 random
-- bytes. Kept readable because signing needs it. Existing tenants get a fresh secret made of two
-- gen_random_uuid() values (244 bits from PostgreSQL's strong random source; pgcrypto is not
-- assumed); new tenants get one from the application's SecureRandom.
ALTER TABLE tenants ADD COLUMN webhook_secret text;
UPDATE tenants
   SET webhook_secret = 'whsec_'
       || encode(decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'),
                 'base64');
ALTER TABLE tenants ALTER COLUMN webhook_secret SET NOT NULL;
--rollback ALTER TABLE tenants DROP COLUMN webhook_secret;

--changeset fetchq:0003-api-keys
-- Tenants' API keys (API.md "Authentication and tenancy"). Only the SHA-256 digest of a key is
-- stored; the key itself is shown once, when it is issued. A request is authenticated by looking
-- its key's digest up (unique index). Revoking sets revoked_at and keeps the row.
CREATE TABLE api_keys (
    id         uuid PRIMARY KEY,                     -- UUIDv7
    tenant_id  uuid        NOT NULL REFERENCES tenants (id),
    key_hash   bytea       NOT NULL,
    scopes     text[]      NOT NULL,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz,
    CONSTRAINT api_keys_key_hash_key UNIQUE (key_hash),
    CONSTRAINT api_keys_key_hash_check CHECK (octet_length(key_hash) = 32),
    CONSTRAINT api_keys_scopes_check
        CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['jobs:read', 'jobs:write', 'admin']),
    CONSTRAINT api_keys_revoked_check CHECK (revoked_at IS NULL OR revoked_at >= created_at)
);
CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id, id);
--rollback DROP TABLE api_keys;
