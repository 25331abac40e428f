package io.fetchq.api.tenants.usecase;

import io.fetchq.api.tenants.domain.ApiKey;
import io.fetchq.api.tenants.domain.TenantId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Lists a tenant's API keys (digests and metadata: the keys themselves are never kept). */
public final class ListApiKeys {

  private final TenantRepository tenants;
  private final ApiKeyRepository keys;

  public ListApiKeys(TenantRepository tenants, ApiKeyRepository keys) {
    this.tenants = Objects.requireNonNull(tenants, "tenants");
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  /** The keys of {@code tenant}, newest first, revoked ones included; empty if no such tenant. */
  public Optional<List<ApiKey>> list(TenantId tenant) {
    return tenants.find(tenant).map(found -> keys.list(found.id()));
  }
}
