package io.fetchq.api.ratelimit.usecase;

import io.fetchq.api.ratelimit.domain.TakeResult;
import io.fetchq.api.tenants.domain.RateLimit;
import io.fetchq.api.tenants.domain.TenantId;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uses the shared store (Redis) while it answers and this instance's buckets while it does not, so
 * an unreachable Redis never fails a request.
 *
 * <p>The first failure switches to the fallback (one WARN); from then on Redis is not asked at all
 * for {@code retryEvery}, after which one request (never several at once) probes it again. The
 * first success switches back (one INFO). A dead Redis therefore costs one short command timeout
 * per {@code retryEvery}, not one per request. Tokens taken from the fallback are not carried over
 * into Redis: after recovery the shared buckets continue from where they were.
 */
public final class FailoverBucketStore implements BucketStore {

  /** Which store answers. */
  public enum Mode {
    REDIS("redis"),
    LOCAL_FALLBACK("local-fallback");

    private final String wireName;

    Mode(String wireName) {
      this.wireName = wireName;
    }

    /** The name shown in the health details. */
    public String wireName() {
      return wireName;
    }
  }

  private static final Logger log = LoggerFactory.getLogger(FailoverBucketStore.class);

  private final BucketStore primary;
  private final BucketStore fallback;
  private final long retryEveryNanos;
  private final LongSupplier nanoTime;
  private final RateLimitObserver observer;
  private final AtomicBoolean probing = new AtomicBoolean();
  private volatile Mode mode = Mode.REDIS;
  private volatile long retryAtNanos;

  /**
   * @param primary the shared store
   * @param fallback this instance's store
   * @param retryEvery how long the primary is left alone after a failure
   * @param nanoTime a monotonic clock ({@code System::nanoTime} outside tests)
   * @param observer told of every switch
   */
  public FailoverBucketStore(
      BucketStore primary,
      BucketStore fallback,
      Duration retryEvery,
      LongSupplier nanoTime,
      RateLimitObserver observer) {
    this.primary = Objects.requireNonNull(primary, "primary");
    this.fallback = Objects.requireNonNull(fallback, "fallback");
    this.retryEveryNanos = retryEvery.toNanos();
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.observer = Objects.requireNonNull(observer, "observer");
  }

  @Override
  public TakeResult take(TenantId tenant, RateLimit tenantLimit, RateLimit globalLimit, int cost) {
    if (mode == Mode.REDIS) {
      try {
        return primary.take(tenant, tenantLimit, globalLimit, cost);
      } catch (RuntimeException e) {
        failed(e);
        return fallback.take(tenant, tenantLimit, globalLimit, cost);
      }
    }
    if (nanoTime.getAsLong() - retryAtNanos >= 0 && probing.compareAndSet(false, true)) {
      try {
        TakeResult result = primary.take(tenant, tenantLimit, globalLimit, cost);
        recovered();
        return result;
      } catch (RuntimeException e) {
        retryAtNanos = nanoTime.getAsLong() + retryEveryNanos;
        log.debug("rate limit store still unavailable", e);
      } finally {
        probing.set(false);
      }
    }
    return fallback.take(tenant, tenantLimit, globalLimit, cost);
  }

  /** Which store answers now. */
  public Mode mode() {
    return mode;
  }

  private synchronized void failed(RuntimeException e) {
    retryAtNanos = nanoTime.getAsLong() + retryEveryNanos;
    if (mode == Mode.REDIS) {
      mode = Mode.LOCAL_FALLBACK;
      log.warn(
          "rate limit store unavailable, using per-instance buckets retryEvery={}ms error={}",
          retryEveryNanos / 1_000_000,
          e.toString());
      observer.fallbackChanged(true);
    }
  }

  private synchronized void recovered() {
    if (mode == Mode.LOCAL_FALLBACK) {
      mode = Mode.REDIS;
      log.info("rate limit store available again, using the shared buckets");
      observer.fallbackChanged(false);
    }
  }
}
