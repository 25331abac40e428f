package io.fetchq.api.ratelimit.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.api.tenants.domain.RateLimit;
import io.fetchq.api.tenants.domain.Tenant;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.tenants.domain.TenantName;
import io.fetchq.api.tenants.domain.WebhookSecret;
import io.fetchq.api.tenants.usecase.InMemoryTenantRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachingTenantRateLimitsTest {

  private final InMemoryTenantRepository tenants = new InMemoryTenantRepository();
  private final AtomicLong nanos = new AtomicLong();

  @Test
  void readsEachTenantsLimitOncePerTtlAndDefaultsForUnknownTenants() {
    TenantId id = new TenantId(UUID.randomUUID());
    tenants.add(tenant(id, new RateLimit(5, 7)));
    CachingTenantRateLimits limits =
        new CachingTenantRateLimits(
            tenants, Duration.ofSeconds(10), 100, Optional.empty(), nanos::get);

    assertThat(limits.of(id)).isEqualTo(new RateLimit(5, 7));
    tenants.clear();
    assertThat(limits.of(id)).isEqualTo(new RateLimit(5, 7));
    nanos.addAndGet(Duration.ofSeconds(11).toNanos());
    assertThat(limits.of(id)).isEqualTo(RateLimit.DEFAULT);
  }

  @Test
  void theSystemTenantsLimitMayBeOverridden() {
    tenants.add(tenant(TenantId.SYSTEM, RateLimit.DEFAULT));
    RateLimit override = new RateLimit(10_000, 20_000);

    assertThat(
            new CachingTenantRateLimits(
                    tenants, Duration.ofSeconds(10), 100, Optional.of(override), nanos::get)
                .of(TenantId.SYSTEM))
        .isEqualTo(override);
    assertThat(
            new CachingTenantRateLimits(
                    tenants, Duration.ofSeconds(10), 100, Optional.empty(), nanos::get)
                .of(TenantId.SYSTEM))
        .isEqualTo(RateLimit.DEFAULT);
  }

  private static Tenant tenant(TenantId id, RateLimit limit) {
    return new Tenant(
        id,
        new TenantName("t-" + id.value().toString().substring(0, 8)),
        limit,
        new WebhookSecret("whsec_" + "A".repeat(43) + "="),
        Instant.parse("2026-11-22T10:00:00Z"));
  }
}
