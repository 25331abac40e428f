package io.fetchq.api.ratelimit.usecase;

import io.fetchq.api.ratelimit.domain.LimitScope;
import io.fetchq.api.ratelimit.domain.RateLimitDecision;
import io.fetchq.api.ratelimit.domain.RateLimitStatus;
import io.fetchq.api.tenants.domain.RateLimit;
import io.fetchq.api.tenants.domain.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link RateLimiter} that grants everything until told to refuse, and records what it took. */
public final class FakeRateLimiter implements RateLimiter {

  private final List<Integer> costs = new ArrayList<>();
  private boolean refusing;

  /** From now on every acquire is refused by the tenant's bucket with Retry-After 3 s. */
  public void refuse() {
    refusing = true;
  }

  /** From now on every acquire is granted again. */
  public void grant() {
    refusing = false;
  }

  /** The cost of every acquire so far, granted or not. */
  public List<Integer> costs() {
    return List.copyOf(costs);
  }

  @Override
  public synchronized RateLimitDecision acquire(TenantId tenant, int cost) {
    costs.add(cost);
    if (refusing) {
      return new RateLimitDecision.Refused(
          new RateLimitStatus(RateLimit.DEFAULT, 0, 3), LimitScope.TENANT, Duration.ofSeconds(3));
    }
    return new RateLimitDecision.Granted(
        new RateLimitStatus(RateLimit.DEFAULT, RateLimit.DEFAULT.burst() - 1, 1));
  }

  @Override
  public RateLimitStatus peek(TenantId tenant) {
    return new RateLimitStatus(RateLimit.DEFAULT, RateLimit.DEFAULT.burst(), 0);
  }
}
