package io.fetchq.api.ratelimit.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.api.ratelimit.domain.TakeResult;
import io.fetchq.api.tenants.domain.RateLimit;
import io.fetchq.api.tenants.domain.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class FailoverBucketStoreTest {

  private static final RateLimit LIMIT = new RateLimit(1, 2);
  private static final TakeResult FROM_REDIS =
      new TakeResult(TakeResult.Verdict.GRANTED, null, 1.5, 0);

  private final AtomicLong nanos = new AtomicLong();
  private final AtomicInteger primaryCalls = new AtomicInteger();
  private final List<Boolean> switches = new ArrayList<>();
  private boolean redisDown;

  private final BucketStore redis =
      (tenant, tenantLimit, globalLimit, cost) -> {
        primaryCalls.incrementAndGet();
        if (redisDown) {
          throw new IllegalStateException("connection refused");
        }
        return FROM_REDIS;
      };
  private final FailoverBucketStore store =
      new FailoverBucketStore(
          redis,
          new LocalBucketStore(() -> nanos.get() / 1000, 10),
          Duration.ofSeconds(2),
          nanos::get,
          new RateLimitObserver() {
            @Override
            public void refused(io.fetchq.api.ratelimit.domain.LimitScope scope) {}

            @Override
            public void fallbackChanged(boolean fallback) {
              switches.add(fallback);
            }

            @Override
            public void redisCall(int requests) {}
          });

  @Test
  void fallsBackToLocalBucketsLeavesRedisAloneThenRecovers(CapturedOutput output) {
    assertThat(take(1)).isEqualTo(FROM_REDIS);
    redisDown = true;

    assertThat(take(1).tenantTokens()).isEqualTo(1);
    assertThat(take(1).tenantTokens()).isZero();
    assertThat(take(1).verdict()).isEqualTo(TakeResult.Verdict.REFUSED);
    assertThat(primaryCalls).hasValue(2);
    assertThat(store.mode()).isEqualTo(FailoverBucketStore.Mode.LOCAL_FALLBACK);

    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(take(1).verdict()).isEqualTo(TakeResult.Verdict.GRANTED); // local, refilled
    assertThat(primaryCalls).hasValue(3); // one probe
    take(0);
    assertThat(primaryCalls).hasValue(3);

    redisDown = false;
    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(take(1)).isEqualTo(FROM_REDIS);
    assertThat(store.mode()).isEqualTo(FailoverBucketStore.Mode.REDIS);
    assertThat(switches).containsExactly(true, false);
    assertThat(output.getAll().split("rate limit store unavailable", -1)).hasSize(2);
    assertThat(output.getAll()).contains("rate limit store available again");
  }

  private TakeResult take(int cost) {
    return store.take(TenantId.SYSTEM, LIMIT, new RateLimit(100, 200), cost);
  }
}
