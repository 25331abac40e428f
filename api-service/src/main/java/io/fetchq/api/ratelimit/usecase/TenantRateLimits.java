package io.fetchq.api.ratelimit.usecase;

import io.fetchq.api.tenants.domain.RateLimit;
import io.fetchq.api.tenants.domain.TenantId;

/** The token bucket of each tenant, as configured on the tenant. */
public interface TenantRateLimits {

  /** {@code tenant}'s limit; {@link RateLimit#DEFAULT} for a tenant that is not stored. */
  RateLimit of(TenantId tenant);
}
