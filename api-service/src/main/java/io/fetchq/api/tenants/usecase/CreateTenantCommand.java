package io.fetchq.api.tenants.usecase;

import io.fetchq.api.tenants.domain.RateLimit;
import io.fetchq.api.tenants.domain.TenantName;
import java.util.Objects;

/**
 * Create a tenant.
 *
 * @param name its unique name
 * @param rateLimit its token bucket
 */
public record CreateTenantCommand(TenantName name, RateLimit rateLimit) {
  public CreateTenantCommand {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(rateLimit, "rateLimit");
  }
}
