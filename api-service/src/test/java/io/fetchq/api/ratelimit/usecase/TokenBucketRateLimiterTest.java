package io.fetchq.api.ratelimit.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.ratelimit.domain.LimitScope;
import io.fetchq.api.ratelimit.domain.RateLimitDecision;
import io.fetchq.api.ratelimit.domain.RateLimitStatus;
import io.fetchq.api.tenants.domain.RateLimit;
import io.fetchq.api.tenants.domain.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketRateLimiterTest {

  private static final TenantId A =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-00000000000a"));
  private static final TenantId B =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-00000000000b"));
  private static final RateLimit GLOBAL = new RateLimit(5, 6);

  private final AtomicLong micros = new AtomicLong(1_000_000_000L);
  private final List<LimitScope> refusals = new ArrayList<>();
  private final RateLimitObserver observer =
      new RateLimitObserver() {
        @Override
        public void refused(LimitScope scope) {
          refusals.add(scope);
        }

        @Override
        public void fallbackChanged(boolean fallback) {}

        @Override
        public void redisCall(int requests) {}
      };
  private final Map<TenantId, RateLimit> limits =
      Map.of(A, new RateLimit(1, 3), B, new RateLimit(10, 10));
  private final RateLimiter limiter =
      new TokenBucketRateLimiter(
          new LocalBucketStore(micros::get, 100),
          tenant -> limits.getOrDefault(tenant, RateLimit.DEFAULT),
          GLOBAL,
          observer);

  @Test
  void grantsUpToTheTenantsBurstThenRefusesWithRetryAfter() {
    assertThat(limiter.acquire(A, 1).status())
        .isEqualTo(new RateLimitStatus(new RateLimit(1, 3), 2, 1));
    assertThat(limiter.acquire(A, 2)).isInstanceOf(RateLimitDecision.Granted.class);

    RateLimitDecision refused = limiter.acquire(A, 1);

    assertThat(refused)
        .isEqualTo(
            new RateLimitDecision.Refused(
                new RateLimitStatus(new RateLimit(1, 3), 0, 1),
                LimitScope.TENANT,
                Duration.ofSeconds(1)));
    assertThat(refusals).containsExactly(LimitScope.TENANT);
    micros.addAndGet(1_000_000);
    assertThat(limiter.acquire(A, 1)).isInstanceOf(RateLimitDecision.Granted.class);
  }

  @Test
  void theGlobalBucketLimitsEveryTenantTogether() {
    assertThat(limiter.acquire(A, 3)).isInstanceOf(RateLimitDecision.Granted.class);
    assertThat(limiter.acquire(B, 3)).isInstanceOf(RateLimitDecision.Granted.class);

    RateLimitDecision refused = limiter.acquire(B, 1);

    assertThat(refused).isInstanceOf(RateLimitDecision.Refused.class);
    RateLimitDecision.Refused byGlobal = (RateLimitDecision.Refused) refused;
    assertThat(byGlobal.scope()).isEqualTo(LimitScope.GLOBAL);
    assertThat(byGlobal.status().remaining()).isZero();
    assertThat(byGlobal.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(limiter.peek(B).remaining()).isEqualTo(7);
    assertThat(refusals).containsExactly(LimitScope.GLOBAL);
  }

  @Test
  void aCostAboveTheBurstIsRefusedForGood() {
    RateLimitDecision decision = limiter.acquire(A, 4);

    assertThat(decision)
        .isEqualTo(
            new RateLimitDecision.ExceedsCapacity(
                new RateLimitStatus(new RateLimit(1, 3), 3, 0), LimitScope.TENANT, 3, 4));
    assertThat(limiter.acquire(B, 7))
        .isEqualTo(
            new RateLimitDecision.ExceedsCapacity(
                new RateLimitStatus(new RateLimit(10, 10), 10, 0), LimitScope.GLOBAL, 6, 7));
    assertThatThrownBy(() -> limiter.acquire(A, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void peekingTakesNothing() {
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.peek(A)).isEqualTo(new RateLimitStatus(new RateLimit(1, 3), 3, 0));
    }
    assertThat(limiter.acquire(A, 3)).isInstanceOf(RateLimitDecision.Granted.class);
    assertThat(limiter.peek(A)).isEqualTo(new RateLimitStatus(new RateLimit(1, 3), 0, 3));
  }

  @Test
  void forgetsATenantsBucketOnceItWouldBeFullAgain() {
    LocalBucketStore store = new LocalBucketStore(micros::get, 1);
    RateLimit limit = new RateLimit(1, 3);
    store.take(A, limit, GLOBAL, 3);
    micros.addAndGet(10_000_000);

    assertThat(store.take(A, limit, GLOBAL, 0).tenantTokens()).isEqualTo(3);
  }
}
