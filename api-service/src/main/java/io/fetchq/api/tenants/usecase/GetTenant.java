package io.fetchq.api.tenants.usecase;

import io.fetchq.api.tenants.domain.Tenant;
import io.fetchq.api.tenants.domain.TenantId;
import java.util.Objects;
import java.util.Optional;

/** Reads one tenant (operators). */
public final class GetTenant {

  private final TenantRepository tenants;

  public GetTenant(TenantRepository tenants) {
    this.tenants = Objects.requireNonNull(tenants, "tenants");
  }

  /** The tenant {@code id}, or empty. */
  public Optional<Tenant> get(TenantId id) {
    return tenants.find(id);
  }
}
