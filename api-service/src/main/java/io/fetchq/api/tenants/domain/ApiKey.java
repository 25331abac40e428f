package io.fetchq.api.tenants.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's API key as stored: its digest, never the key. A key with scope {@code admin} belongs
 * to the {@code system} tenant: {@code admin} acts across tenants (creates tenants and keys,
 * handles every tenant's dead letters), so it is never handed to a customer tenant.
 *
 * @param id the key's id (UUIDv7)
 * @param tenantId the tenant the key acts for
 * @param hash the SHA-256 digest of the key
 * @param scopes the scopes granted (at least one)
 * @param createdAt when the key was issued
 * @param revokedAt when it was revoked; null while it is valid
 */
public record ApiKey(
    ApiKeyId id,
    TenantId tenantId,
    ApiKeyHash hash,
    Set<Scope> scopes,
    Instant createdAt,
    Instant revokedAt) {

  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(scopes, "scopes");
    Objects.requireNonNull(createdAt, "createdAt");
    scopeViolation(tenantId, scopes)
        .ifPresent(
            reason -> {
              throw new IllegalArgumentException(reason);
            });
    scopes = Collections.unmodifiableSet(EnumSet.copyOf(scopes));
    if (revokedAt != null && revokedAt.isBefore(createdAt)) {
      throw new IllegalArgumentException("revokedAt must not be before createdAt");
    }
  }

  /** A new, valid key. */
  public static ApiKey issue(
      ApiKeyId id, TenantId tenantId, ApiKeyHash hash, Set<Scope> scopes, Instant now) {
    return new ApiKey(id, tenantId, hash, scopes, now, null);
  }

  /**
   * Why {@code tenant} may not hold a key with {@code scopes}, or empty when it may: a key has at
   * least one scope, and {@code admin} only for the {@code system} tenant.
   */
  public static Optional<String> scopeViolation(TenantId tenant, Set<Scope> scopes) {
    if (scopes.isEmpty()) {
      return Optional.of("must list at least one scope");
    }
    if (scopes.contains(Scope.ADMIN) && !TenantId.SYSTEM.equals(tenant)) {
      return Optional.of("admin may only be granted to keys of the system tenant");
    }
    return Optional.empty();
  }

  /** Whether the key has not been revoked. */
  public boolean isActive() {
    return revokedAt == null;
  }

  /** The caller a request with this key is. */
  public ApiPrincipal principal() {
    return new ApiPrincipal(tenantId, scopes, id);
  }
}
