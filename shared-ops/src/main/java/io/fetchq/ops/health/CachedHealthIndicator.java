package io.fetchq.ops.health;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * A health check run at most once per {@code cacheFor}: probes from Kubernetes, the load balancer
 * and operators in between get the last result, so they cost nothing and a slow dependency cannot
 * pile up checks. One caller runs a due check while the others wait for it (the check has its own
 * short timeout).
 */
public final class CachedHealthIndicator implements HealthIndicator {

  private record Result(Health health, long atNanos) {}

  private final Supplier<Health> check;
  private final long cacheForNanos;
  private final LongSupplier nanoTime;
  private final ReentrantLock running = new ReentrantLock();
  private volatile Result last;

  /**
   * @param check the check; it returns a status rather than throwing, and bounds its own duration
   * @param cacheFor how long a result is reused
   * @param nanoTime a monotonic clock ({@code System::nanoTime} outside tests)
   */
  public CachedHealthIndicator(Supplier<Health> check, Duration cacheFor, LongSupplier nanoTime) {
    this.check = Objects.requireNonNull(check, "check");
    this.cacheForNanos = cacheFor.toNanos();
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  @Override
  public Health health() {
    Result result = last;
    if (isFresh(result)) {
      return result.health();
    }
    running.lock();
    try {
      result = last;
      if (isFresh(result)) {
        return result.health();
      }
      Health health = check.get();
      last = new Result(health, nanoTime.getAsLong());
      return health;
    } finally {
      running.unlock();
    }
  }

  private boolean isFresh(Result result) {
    return result != null && nanoTime.getAsLong() - result.atNanos() < cacheForNanos;
  }
}
