--liquibase formatted sql

--changeset fetchq:0007-webhook-secret-rotation
-- POST /api/v1/webhook-secret/rotate: the secret replaced by the last rotation keeps signing (next
-- to the new one) for 24 hours after it.
ALTER TABLE tenants
    ADD COLUMN previous_webhook_secret   text,
    ADD COLUMN webhook_secret_rotated_at timestamptz,
    ADD CONSTRAINT tenants_webhook_rotation_check
        CHECK ((previous_webhook_secret IS NULL) = (webhook_secret_rotated_at IS NULL));
