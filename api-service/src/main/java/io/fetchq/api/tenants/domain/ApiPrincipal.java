package io.fetchq.api.tenants.domain;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling: the tenant an API key belongs to and the scopes it was granted. Every use case
 * receives the tenant from here, never from the request.
 *
 * @param tenantId the tenant the key belongs to
 * @param scopes the scopes granted to the key as stored (never empty)
 * @param keyId the stored API key's id, for audit logs; null for the bootstrap key, which is not
 *     stored
 */
public record ApiPrincipal(TenantId tenantId, Set<Scope> scopes, ApiKeyId keyId) {

  public ApiPrincipal {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(scopes, "scopes");
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("a key has at least one scope");
    }
    scopes = Set.copyOf(EnumSet.copyOf(scopes));
  }

  /** A caller whose key has no stored id (the bootstrap key, tests). */
  public ApiPrincipal(TenantId tenantId, Set<Scope> scopes) {
    this(tenantId, scopes, null);
  }

  /** The bootstrap administrator: the {@code system} tenant with scope {@code admin}. */
  public static ApiPrincipal systemAdmin() {
    return new ApiPrincipal(TenantId.SYSTEM, Set.of(Scope.ADMIN));
  }

  /** Every scope this caller holds, implied ones included ({@code admin} implies all). */
  public Set<Scope> effectiveScopes() {
    Set<Scope> effective = EnumSet.noneOf(Scope.class);
    scopes.forEach(scope -> effective.addAll(scope.implied()));
    return effective;
  }

  /** Whether this caller may act with {@code scope}. */
  public boolean has(Scope scope) {
    return effectiveScopes().contains(scope);
  }
}
