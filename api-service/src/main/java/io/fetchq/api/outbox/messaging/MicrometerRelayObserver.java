package io.fetchq.api.outbox.messaging;

import io.fetchq.api.outbox.usecase.OutboxStore;
import io.fetchq.api.outbox.usecase.RelayObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's metrics: {@code fetchq.outbox.relayed} (messages), {@code fetchq.outbox.relay.batch}
 * (pass duration by outcome), {@code fetchq.outbox.relay.latency} (commit wake-up to Kafka
 * acknowledgement), {@code fetchq.outbox.backlog} (rows waiting, counted up to a cap) and {@code
 * fetchq.outbox.oldest.age} (seconds since the oldest waiting row was written, 0 when empty). Both
 * gauges query the table at most once per refresh interval whatever the scrape rate, so scrapes
 * stay cheap during an outage; the age is one primary-key index probe.
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
  private final Clock clock;
  private final AtomicReference<Optional<Instant>> oldest = new AtomicReference<>(Optional.empty());
  private final AtomicLong oldestReadAt = new AtomicLong();

  public MicrometerRelayObserver(MeterRegistry meters, OutboxStore store, Duration backlogRefresh) {
    this(meters, store, backlogRefresh, Clock.systemUTC());
  }

  public MicrometerRelayObserver(
      MeterRegistry meters, OutboxStore store, Duration backlogRefresh, Clock clock) {
    this.store = store;
    this.clock = clock;
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
    Gauge.builder("fetchq.outbox.oldest.age", this, MicrometerRelayObserver::oldestAge)
        .description("Age of the oldest outbox row waiting to be published (0 when none)")
        .baseUnit("seconds")
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

  double oldestAge() {
    long now = System.nanoTime();
    long readAt = oldestReadAt.get();
    if ((readAt == 0 || now - readAt >= refreshNanos) && oldestReadAt.compareAndSet(readAt, now)) {
      try {
        oldest.set(store.oldestCreatedAt());
      } catch (RuntimeException e) {
        log.debug("could not read the oldest outbox row", e);
        return Double.NaN;
      }
    }
    return oldest
        .get()
        .map(at -> Math.max(0, Duration.between(at, clock.instant()).toMillis()) / 1000.0)
        .orElse(0.0);
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
