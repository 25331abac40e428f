package io.fetchq.api.ratelimit.persistence;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import io.fetchq.api.ratelimit.usecase.TenantRateLimits;
import io.fetchq.api.tenants.domain.RateLimit;
import io.fetchq.api.tenants.domain.Tenant;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.tenants.usecase.TenantRepository;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Each tenant's limit, read from the tenants table and remembered for {@code ttl}, so a request
 * does not cost a database query for its limit. A changed limit applies within {@code ttl} on every
 * instance. The {@code system} tenant's limit may be overridden by configuration (the bootstrap
 * admin key is what demos and benchmarks use).
 */
public final class CachingTenantRateLimits implements TenantRateLimits {

  private final LoadingCache<TenantId, RateLimit> limits;
  private final Optional<RateLimit> systemOverride;

  /**
   * @param tenants where tenants are stored
   * @param ttl how long a limit read is used
   * @param maxEntries the most tenants remembered
   * @param systemOverride the {@code system} tenant's limit instead of its stored one, if present
   * @param ticker the monotonic time source
   */
  public CachingTenantRateLimits(
      TenantRepository tenants,
      Duration ttl,
      long maxEntries,
      Optional<RateLimit> systemOverride,
      Ticker ticker) {
    Objects.requireNonNull(tenants, "tenants");
    this.systemOverride = Objects.requireNonNull(systemOverride, "systemOverride");
    this.limits =
        Caffeine.newBuilder()
            .executor(Runnable::run)
            .ticker(ticker)
            .expireAfterWrite(ttl)
            .maximumSize(maxEntries)
            .build(id -> tenants.find(id).map(Tenant::rateLimit).orElse(RateLimit.DEFAULT));
  }

  @Override
  public RateLimit of(TenantId tenant) {
    if (tenant.equals(TenantId.SYSTEM) && systemOverride.isPresent()) {
      return systemOverride.get();
    }
    return limits.get(tenant);
  }
}
