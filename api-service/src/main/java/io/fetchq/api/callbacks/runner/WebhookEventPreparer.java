package io.fetchq.api.callbacks.runner;

import io.fetchq.api.callbacks.usecase.PrepareWebhookEvents;
import io.fetchq.api.changes.usecase.ChangeListener;
import io.fetchq.api.runner.StepLoop;
import io.fetchq.contracts.DatabaseChannels;
import java.time.Duration;
import java.util.Objects;
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
  private final StepLoop loop;

  /**
   * @param pollInterval the longest wait without a notification
   */
  public WebhookEventPreparer(PrepareWebhookEvents prepare, Duration pollInterval) {
    this.prepare = Objects.requireNonNull(prepare, "prepare");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive");
    }
    this.loop = new StepLoop("fetchq-webhook-events", this::step);
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
    loop.wake();
  }

  @Override
  public void start() {
    if (loop.isRunning()) {
      return;
    }
    loop.start();
    log.info(
        "webhook event preparer started batchSize={} pollIntervalMs={}",
        prepare.batchSize(),
        pollInterval.toMillis());
  }

  @Override
  public void stop() {
    loop.stop();
  }

  @Override
  public boolean isRunning() {
    return loop.isRunning();
  }

  /** One batch; at once again while batches come back full, else after the poll interval. */
  private Duration step() {
    int taken;
    try {
      taken = prepare.prepareBatch();
    } catch (RuntimeException e) {
      log.error("preparing webhook events failed; retrying in {}", pollInterval, e);
      taken = 0;
    }
    return taken < prepare.batchSize() ? pollInterval : Duration.ZERO;
  }
}
