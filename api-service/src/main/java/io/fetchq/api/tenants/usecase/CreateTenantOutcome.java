package io.fetchq.api.tenants.usecase;

import io.fetchq.api.tenants.domain.Tenant;
import io.fetchq.api.tenants.domain.TenantName;

/** What {@link CreateTenant} did. */
public sealed interface CreateTenantOutcome {

  /** The tenant was created, with a fresh webhook secret. */
  record Created(Tenant tenant) implements CreateTenantOutcome {}

  /** Nothing was created: a tenant with that name exists. */
  record NameTaken(TenantName name) implements CreateTenantOutcome {}
}
