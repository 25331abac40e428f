package io.fetchq.api.ratelimit.metrics;

import io.fetchq.api.ratelimit.domain.LimitScope;
import io.fetchq.api.ratelimit.usecase.RateLimitObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The limiter's meters: {@code fetchq.ratelimit.refused{scope=tenant|global}} counts refused
 * requests (no tenant label: tenants are unbounded), and the gauge {@code
 * fetchq.ratelimit.fallback} is 1 while this instance uses its own buckets because Redis is
 * unreachable, else 0. The summary {@code fetchq.ratelimit.redis.call} has the number of requests
 * each Redis script call carried (concurrent requests share calls).
 */
public final class MicrometerRateLimitObserver implements RateLimitObserver {

  private final Map<LimitScope, Counter> refused = new EnumMap<>(LimitScope.class);
  private final AtomicInteger fallback = new AtomicInteger();
  private final DistributionSummary redisCalls;

  public MicrometerRateLimitObserver(MeterRegistry meters) {
    for (LimitScope scope : LimitScope.values()) {
      refused.put(
          scope,
          Counter.builder("fetchq.ratelimit.refused")
              .description("Requests refused for their rate (429), by the bucket that refused")
              .baseUnit("requests")
              .tag("scope", scope.wireName())
              .register(meters));
    }
    Gauge.builder("fetchq.ratelimit.fallback", fallback, AtomicInteger::get)
        .description("1 while rate limits use per-instance buckets because Redis is unreachable")
        .register(meters);
    redisCalls =
        DistributionSummary.builder("fetchq.ratelimit.redis.call")
            .description("Requests taken from the shared buckets by one Redis script call")
            .baseUnit("requests")
            .register(meters);
  }

  @Override
  public void refused(LimitScope scope) {
    refused.get(scope).increment();
  }

  @Override
  public void fallbackChanged(boolean fallback) {
    this.fallback.set(fallback ? 1 : 0);
  }

  @Override
  public void redisCall(int requests) {
    redisCalls.record(requests);
  }
}
