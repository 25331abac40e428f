package io.fetchq.worker.callbacks.messaging;

import io.fetchq.worker.callbacks.usecase.RedeliverDue;
import io.fetchq.worker.messaging.LoopThread;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * One platform thread per worker that, every {@code pollInterval}, publishes the next attempt of
 * each scheduled delivery that is due ({@link RedeliverDue}). Workers share the due rows through
 * {@code FOR UPDATE SKIP LOCKED}; a failed round is logged and the next one tries again.
 */
public final class RedeliveryScheduler implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(RedeliveryScheduler.class);

  private final RedeliverDue redeliverDue;
  private final Duration pollInterval;
  private final Runnable beforeStart;
  private final LoopThread loop = new LoopThread("fetchq-callback-scheduler");
  private final Semaphore wake = new Semaphore(0);

  /**
   * @param beforeStart runs in {@link #start()} before the first round (topic creation)
   */
  public RedeliveryScheduler(
      RedeliverDue redeliverDue, Duration pollInterval, Runnable beforeStart) {
    this.redeliverDue = Objects.requireNonNull(redeliverDue, "redeliverDue");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    this.beforeStart = Objects.requireNonNull(beforeStart, "beforeStart");
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive");
    }
  }

  @Override
  public void start() {
    if (loop.isRunning()) {
      return;
    }
    beforeStart.run();
    loop.start(this::run);
  }

  /**
   * Interrupts a round in progress: a round is one transaction (rolled back when interrupted, its
   * rows stay scheduled for the next round of any worker), and one blocked on a connection while
   * PostgreSQL is unreachable would otherwise hold the shutdown for Hikari's 30 s timeout.
   */
  @Override
  public void stop() {
    loop.requestStop();
    wake.release();
    loop.stopNow(Duration.ofSeconds(30));
  }

  @Override
  public boolean isRunning() {
    return loop.isRunning();
  }

  private void run() {
    log.info("webhook redelivery scheduler started pollInterval={}", pollInterval);
    while (loop.isRunning()) {
      try {
        int requeued = redeliverDue.redeliver();
        if (requeued > 0) {
          log.debug("webhook deliveries requeued count={}", requeued);
        }
      } catch (RuntimeException e) {
        if (!loop.isRunning()) {
          log.debug("webhook redelivery round abandoned by stop error={}", e.toString());
          break;
        }
        log.warn("webhook redelivery round failed, will retry error={}", e.toString());
      }
      try {
        if (wake.tryAcquire(pollInterval.toNanos(), TimeUnit.NANOSECONDS)) {
          wake.drainPermits();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    log.info("webhook redelivery scheduler stopped");
  }
}
