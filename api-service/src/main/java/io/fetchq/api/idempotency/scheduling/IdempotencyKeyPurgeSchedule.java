package io.fetchq.api.idempotency.scheduling;

import io.fetchq.api.idempotency.usecase.PurgeExpiredIdempotencyKeys;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Purges expired idempotency keys on one daemon thread, every {@code interval} (fixed delay, first
 * run one interval after start). Every API instance runs it; they share the work safely (see {@link
 * PurgeExpiredIdempotencyKeys}). A failed purge is logged and retried at the next run.
 */
public final class IdempotencyKeyPurgeSchedule implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyPurgeSchedule.class);

  private final PurgeExpiredIdempotencyKeys purge;
  private final Duration interval;
  private volatile ScheduledExecutorService executor;

  public IdempotencyKeyPurgeSchedule(PurgeExpiredIdempotencyKeys purge, Duration interval) {
    this.purge = Objects.requireNonNull(purge, "purge");
    this.interval = Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive");
    }
  }

  @Override
  public synchronized void start() {
    if (executor != null) {
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "idempotency-key-purge");
              thread.setDaemon(true);
              return thread;
            });
    long millis = interval.toMillis();
    executor.scheduleWithFixedDelay(this::runOnce, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** One purge; never throws, so the schedule keeps running. */
  void runOnce() {
    try {
      long deleted = purge.purge();
      if (deleted > 0) {
        log.info("purged expired idempotency keys count={}", deleted);
      }
    } catch (RuntimeException e) {
      log.warn("purge of expired idempotency keys failed; retrying at the next run", e);
    }
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  @Override
  public boolean isRunning() {
    return executor != null;
  }
}
