package io.fetchq.api.ratelimit.usecase;

import io.fetchq.api.ratelimit.domain.LimitScope;
import io.fetchq.api.ratelimit.domain.RateLimitDecision;
import io.fetchq.api.ratelimit.domain.RateLimitStatus;
import io.fetchq.api.ratelimit.domain.TakeResult;
import io.fetchq.api.tenants.domain.RateLimit;
import io.fetchq.api.tenants.domain.TenantId;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@link RateLimiter}: the tenant's bucket (its configured limit) and the global bucket, both
 * in one {@link BucketStore} call, so a request costs one store round trip at most.
 *
 * <p>A refusal reports the time until the request could be granted in whole seconds (at least 1) as
 * both the {@code Retry-After} and the reset of the status; when the global bucket refused, the
 * status shows 0 remaining, since no tenant can be served before then.
 */
public final class TokenBucketRateLimiter implements RateLimiter {

  private static final double MICROS_PER_SECOND = 1_000_000d;

  private final BucketStore store;
  private final TenantRateLimits limits;
  private final RateLimit global;
  private final RateLimitObserver observer;

  /**
   * @param store where the buckets live
   * @param limits each tenant's limit
   * @param global the bucket every tenant draws from as well
   * @param observer told of every refusal
   */
  public TokenBucketRateLimiter(
      BucketStore store, TenantRateLimits limits, RateLimit global, RateLimitObserver observer) {
    this.store = Objects.requireNonNull(store, "store");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.global = Objects.requireNonNull(global, "global");
    this.observer = Objects.requireNonNull(observer, "observer");
  }

  @Override
  public RateLimitDecision acquire(TenantId tenant, int cost) {
    if (cost < 1) {
      throw new IllegalArgumentException("cost must be at least 1");
    }
    RateLimit limit = limits.of(tenant);
    TakeResult result = store.take(tenant, limit, global, cost);
    return switch (result.verdict()) {
      case GRANTED ->
          new RateLimitDecision.Granted(RateLimitStatus.of(limit, result.tenantTokens()));
      case REFUSED -> refused(limit, result);
      case EXCEEDS_CAPACITY -> {
        observer.refused(result.limitedBy());
        long capacity =
            result.limitedBy() == LimitScope.TENANT ? limit.burst() : (long) global.burst();
        yield new RateLimitDecision.ExceedsCapacity(
            RateLimitStatus.of(limit, result.tenantTokens()), result.limitedBy(), capacity, cost);
      }
    };
  }

  @Override
  public RateLimitStatus peek(TenantId tenant) {
    RateLimit limit = limits.of(tenant);
    return RateLimitStatus.of(limit, store.take(tenant, limit, global, 0).tenantTokens());
  }

  private RateLimitDecision refused(RateLimit limit, TakeResult result) {
    observer.refused(result.limitedBy());
    long seconds = Math.max(1, (long) Math.ceil(result.waitMicros() / MICROS_PER_SECOND));
    long remaining =
        result.limitedBy() == LimitScope.GLOBAL
            ? 0
            : (long) Math.floor(Math.min(limit.burst(), result.tenantTokens()));
    return new RateLimitDecision.Refused(
        new RateLimitStatus(limit, remaining, seconds),
        result.limitedBy(),
        Duration.ofSeconds(seconds));
  }
}
