package io.fetchq.api.callbacks.runner;

import io.fetchq.api.callbacks.usecase.PrepareWebhookEvents;
import io.fetchq.api.changes.usecase.ChangeListener;
import io.fetchq.contracts.DatabaseChannels;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link PrepareWebhookEvents} on one thread per API instance, from start-up to shut-down. It
 * prepares batch after batch while they come back full; otherwise it waits for a notification on
 * {@link DatabaseChannels#WEBHOOK_EVENTS} (this bean is that channel's {@link ChangeListener}) or
 * for the poll interval, which picks up events whose notification was lost. A failing batch is
 * logged and retried after the poll interval; its transaction rolled back, so nothing is half done.
 */
public final class WebhookEventPreparer implements SmartLifecycle, ChangeListener {

  private static final Logger log = LoggerFactory.getLogger(WebhookEventPreparer.class);

  private final PrepareWebhookEvents prepare;
  private final Duration pollInterval;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private boolean woken;
  private Thread thread;
  private volatile boolean running;

  /**
   * @param pollInterval the longest wait without a notification
   */
  public WebhookEventPreparer(PrepareWebhookEvents prepare, Duration pollInterval) {
    this.prepare = Objects.requireNonNull(prepare, "prepare");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive");
    }
  }

  @Override
  public String channel() {
    return DatabaseChannels.WEBHOOK_EVENTS;
  }

  /** A new event was recorded (the payload is its id; the next batch takes it). */
  @Override
  public void changed(String payload) {
    wake();
  }

  @Override
  public void resync() {
    wake();
  }

  /** Makes the thread prepare a batch now instead of at the end of its wait. */
  public void wake() {
    lock.lock();
    try {
      woken = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void start() {
    lock.lock();
    try {
      if (running) {
        return;
      }
      running = true;
      thread = Thread.ofPlatform().name("fetchq-webhook-events").daemon().start(this::loop);
    } finally {
      lock.unlock();
    }
    log.info(
        "webhook event preparer started batchSize={} pollIntervalMs={}",
        prepare.batchSize(),
        pollInterval.toMillis());
  }

  @Override
  public void stop() {
    Thread stopping;
    lock.lock();
    try {
      running = false;
      wake.signalAll();
      stopping = thread;
      thread = null;
    } finally {
      lock.unlock();
    }
    if (stopping != null) {
      try {
        stopping.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void loop() {
    while (running) {
      int taken;
      clearWake();
      try {
        taken = prepare.prepareBatch();
      } catch (RuntimeException e) {
        log.error("preparing webhook events failed; retrying in {}", pollInterval, e);
        taken = 0;
      }
      if (taken < prepare.batchSize()) {
        await();
      }
    }
  }

  private void clearWake() {
    lock.lock();
    try {
      woken = false;
    } finally {
      lock.unlock();
    }
  }

  private void await() {
    lock.lock();
    try {
      long nanos = pollInterval.toNanos();
      while (running && !woken && nanos > 0) {
        nanos = wake.awaitNanos(nanos);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      lock.unlock();
    }
  }
}
