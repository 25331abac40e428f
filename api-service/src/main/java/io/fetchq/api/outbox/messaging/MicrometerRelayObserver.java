package io.fetchq.api.outbox.messaging;

import io.fetchq.api.outbox.usecase.OutboxStore;
import io.fetchq.api.outbox.usecase.RelayObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's metrics: {@code fetchq.outbox.relayed} (messages), {@code fetchq.outbox.relay.batch}
 * (pass duration by outcome), {@code fetchq.outbox.relay.latency} (commit wake-up to Kafka
 * acknowledgement) and {@code fetchq.outbox.backlog} (rows waiting, counted up to a cap and at most
 * once per refresh interval, so scrapes stay cheap during an outage).
 */
public final class MicrometerRelayObserver implements RelayObserver {

  private static final Logger log = LoggerFactory.getLogger(MicrometerRelayObserver.class);
  static final long BACKLOG_CAP = 1_000_000;

  private final Counter relayed;
  private final Timer succeeded;
  private final Timer failed;
  private final Timer latency;
  private final OutboxStore store;
  private final long refreshNanos;
  private final AtomicLong backlog = new AtomicLong();
  private final AtomicLong backlogReadAt = new AtomicLong();

  public MicrometerRelayObserver(MeterRegistry meters, OutboxStore store, Duration backlogRefresh) {
    this.store = store;
    this.refreshNanos = backlogRefresh.toNanos();
    this.relayed =
        Counter.builder("fetchq.outbox.relayed")
            .description("Messages published to Kafka from the outbox")
            .baseUnit("messages")
            .register(meters);
    this.succeeded = batchTimer(meters, "success");
    this.failed = batchTimer(meters, "failure");
    this.latency =
        Timer.builder("fetchq.outbox.relay.latency")
            .description("From the commit that woke the relay to Kafka's acknowledgement")
            .publishPercentiles(0.5, 0.99)
            .register(meters);
    Gauge.builder("fetchq.outbox.backlog", this, MicrometerRelayObserver::backlog)
        .description("Outbox rows waiting to be published (capped)")
        .baseUnit("messages")
        .register(meters);
  }

  private static Timer batchTimer(MeterRegistry meters, String outcome) {
    return Timer.builder("fetchq.outbox.relay.batch")
        .description("One relay pass: claim, publish, wait for acknowledgements, commit")
        .tag("outcome", outcome)
        .register(meters);
  }

  @Override
  public void batchRelayed(int size, Duration took) {
    if (size > 0) {
      relayed.increment(size);
      succeeded.record(took);
    }
  }

  @Override
  public void batchFailed(Duration took) {
    failed.record(took);
  }

  @Override
  public void wokenToAcked(Duration took) {
    latency.record(took);
  }

  /** The latency timer, for tests and diagnostics. */
  Timer latencyTimer() {
    return latency;
  }

  double backlog() {
    long now = System.nanoTime();
    long readAt = backlogReadAt.get();
    if (readAt == 0 || now - readAt >= refreshNanos) {
      if (backlogReadAt.compareAndSet(readAt, now)) {
        try {
          backlog.set(store.backlog(BACKLOG_CAP));
        } catch (RuntimeException e) {
          log.debug("could not count the outbox backlog", e);
          return Double.NaN;
        }
      }
    }
    return backlog.get();
  }
}
