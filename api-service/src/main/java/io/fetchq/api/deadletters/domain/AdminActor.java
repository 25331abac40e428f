package io.fetchq.api.deadletters.domain;

import io.fetchq.api.tenants.domain.TenantId;
import java.util.Objects;
import java.util.UUID;

/**
 * The operator behind a dead-letter operation, as recorded in the audit log.
 *
 * @param tenant the tenant of the API key used
 * @param keyId the API key's id, or null for the bootstrap key (which has no stored id)
 */
public record AdminActor(TenantId tenant, UUID keyId) {

  public AdminActor {
    Objects.requireNonNull(tenant, "tenant");
  }

  /**
   * The only tenant whose dead letters this operator may see and change, or null for every tenant:
   * an administrator of the {@code system} tenant sees all tenants; any other tenant only its own.
   */
  public TenantId scope() {
    return TenantId.SYSTEM.equals(tenant) ? null : tenant;
  }
}
