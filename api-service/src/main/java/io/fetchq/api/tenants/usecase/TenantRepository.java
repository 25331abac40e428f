package io.fetchq.api.tenants.usecase;

import io.fetchq.api.tenants.domain.Tenant;
import io.fetchq.api.tenants.domain.TenantId;
import java.util.Optional;

/** Where tenants are kept. Tenants are never deleted. */
public interface TenantRepository {

  /**
   * Stores a new tenant unless its name is taken (decided by the store's unique name, so two
   * concurrent creations of one name store one tenant).
   *
   * @return true if stored; false if a tenant with that name exists
   */
  boolean add(Tenant tenant);

  /** The tenant {@code id}, or empty. */
  Optional<Tenant> find(TenantId id);
}
