package io.fetchq.api.idempotency.domain;

import io.fetchq.api.tenants.domain.TenantId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A tenant's use of an idempotency key: which request it was made with and what it created.
 *
 * @param tenantId the tenant; keys of different tenants never meet
 * @param key the key
 * @param resource what the request created
 * @param fingerprint the request it was first used with
 * @param resourceId the id of the created job or batch; null only while the claiming transaction
 *     runs (never in a committed record)
 * @param createdAt when the key was first used
 * @param expiresAt from when the key is forgotten (a later request with it is a new request)
 */
public record IdempotencyRecord(
    TenantId tenantId,
    IdempotencyKey key,
    IdempotentResource resource,
    RequestFingerprint fingerprint,
    UUID resourceId,
    Instant createdAt,
    Instant expiresAt) {

  public IdempotencyRecord {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (!expiresAt.isAfter(createdAt)) {
      throw new IllegalArgumentException("expiresAt must be after createdAt");
    }
  }

  /** A key first used now by {@code request}, nothing created yet, kept until {@code expiresAt}. */
  public static IdempotencyRecord claim(
      TenantId tenantId, IdempotentRequest request, Instant now, Instant expiresAt) {
    Objects.requireNonNull(request, "request");
    return new IdempotencyRecord(
        tenantId, request.key(), request.resource(), request.fingerprint(), null, now, expiresAt);
  }

  /** Whether the key is forgotten at {@code now}. */
  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /** Whether {@code request} is the request this key was first used with. */
  public boolean sameRequestAs(IdempotentRequest request) {
    return resource == request.resource() && fingerprint.equals(request.fingerprint());
  }
}
