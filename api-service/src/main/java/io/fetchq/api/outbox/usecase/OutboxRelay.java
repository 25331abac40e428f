package io.fetchq.api.outbox.usecase;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves outbox rows to the broker on one background thread. Each pass removes a batch of rows and
 * publishes them in one transaction that commits only after the broker acknowledged every message
 * ({@link OutboxStore#relayBatch}); a failed pass rolls back, so a row leaves the outbox only once
 * Kafka has it. Several relays (one per API instance) share the table without double work: each
 * pass skips rows another relay holds.
 *
 * <p>The relay runs passes back to back while they come back full. Otherwise it parks until {@link
 * #wake()} (called after a transaction that wrote to the outbox commits) or until the poll interval
 * passes, which picks up rows left by an instance that died before relaying them. After a failed
 * pass it backs off exponentially, up to a cap; a wake-up does not cut a back-off short. An outage
 * is logged once at WARN when it starts and once at INFO when it ends.
 */
public final class OutboxRelay {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  /**
   * How the relay paces itself.
   *
   * @param batchSize the most rows one pass relays
   * @param pollInterval the longest idle wait without a wake-up
   * @param initialBackoff the pause after the first failed pass
   * @param maxBackoff the longest pause between failed passes
   * @param stopTimeout how long {@link #stop()} waits for the current pass before interrupting it
   */
  public record Settings(
      int batchSize,
      Duration pollInterval,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration stopTimeout) {

    public Settings {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be >= 1");
      }
      requirePositive(pollInterval, "pollInterval");
      requirePositive(initialBackoff, "initialBackoff");
      requirePositive(maxBackoff, "maxBackoff");
      requirePositive(stopTimeout, "stopTimeout");
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException("maxBackoff must be >= initialBackoff");
      }
    }

    private static void requirePositive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
    }
  }

  private final OutboxStore store;
  private final OutboxPublisher publisher;
  private final Settings settings;
  private final RelayObserver observer;
  private final String name;

  /** System.nanoTime() of the first wake-up since the current pass began; 0 when none. */
  private final AtomicLong wokenAt = new AtomicLong();

  private volatile boolean running;
  private volatile Thread thread;

  /**
   * @param name names the relay's thread and its log lines
   */
  public OutboxRelay(
      OutboxStore store,
      OutboxPublisher publisher,
      Settings settings,
      RelayObserver observer,
      String name) {
    this.store = Objects.requireNonNull(store, "store");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.observer = Objects.requireNonNull(observer, "observer");
    this.name = Objects.requireNonNull(name, "name");
  }

  /** Starts the relay thread; does nothing if it runs. */
  public synchronized void start() {
    if (thread != null) {
      return;
    }
    running = true;
    thread = Thread.ofPlatform().name(name).daemon(true).start(this::loop);
    log.info(
        "outbox relay started relay={} batchSize={} pollIntervalMs={}",
        name,
        settings.batchSize(),
        settings.pollInterval().toMillis());
  }

  /**
   * Stops the relay: the pass in progress finishes (it commits if the broker acknowledges in time),
   * then the thread ends. After {@link Settings#stopTimeout()} the pass is interrupted and rolls
   * back; its rows stay for the next relay.
   *
   * @return whether the thread ended in time
   */
  public synchronized boolean stop() {
    Thread current = thread;
    if (current == null) {
      return true;
    }
    running = false;
    LockSupport.unpark(current);
    boolean stopped = join(current, settings.stopTimeout());
    if (!stopped) {
      log.warn(
          "outbox relay did not finish its batch in time, interrupting relay={} waitedMs={}",
          name,
          settings.stopTimeout().toMillis());
      current.interrupt();
      stopped = join(current, Duration.ofSeconds(5));
    }
    thread = null;
    log.info("outbox relay stopped relay={}", name);
    return stopped;
  }

  /** Whether the relay thread runs. */
  public boolean isRunning() {
    return thread != null;
  }

  /**
   * Asks for a pass now: new rows were committed. Cheap and safe to call from any thread, at any
   * rate; wake-ups that arrive during a pass cause one more pass.
   */
  public void wake() {
    wokenAt.compareAndSet(0, System.nanoTime());
    Thread current = thread;
    if (current != null) {
      LockSupport.unpark(current);
    }
  }

  /**
   * Runs one pass on the calling thread.
   *
   * @return how many rows were relayed
   * @throws RuntimeException if publishing failed (the rows stay)
   */
  public int relayOnce() {
    long start = System.nanoTime();
    try {
      int relayed = store.relayBatch(settings.batchSize(), publisher::publishAll);
      observer.batchRelayed(relayed, Duration.ofNanos(System.nanoTime() - start));
      return relayed;
    } catch (RuntimeException e) {
      observer.batchFailed(Duration.ofNanos(System.nanoTime() - start));
      throw e;
    }
  }

  private void loop() {
    Duration backoff = settings.initialBackoff();
    int failures = 0;
    while (running && !Thread.currentThread().isInterrupted()) {
      // Consume pending wake-ups before the pass: the pass sees every row committed before it
      // starts, and a wake-up arriving from now on triggers another pass.
      long woken = wokenAt.getAndSet(0);
      int relayed;
      try {
        relayed = relayOnce();
      } catch (RuntimeException e) {
        failures++;
        if (failures == 1) {
          log.warn(
              "outbox relay cannot publish, rows are kept and retried with backoff relay={}"
                  + " maxBackoffMs={} cause={}",
              name,
              settings.maxBackoff().toMillis(),
              String.valueOf(e));
        } else {
          log.debug("outbox relay still failing relay={} failures={}", name, failures, e);
        }
        wokenAt.compareAndSet(0, woken);
        pause(backoff);
        backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
        continue;
      }
      if (failures > 0) {
        log.info("outbox relay recovered relay={} failedPasses={}", name, failures);
        failures = 0;
        backoff = settings.initialBackoff();
      }
      if (woken != 0 && relayed > 0) {
        observer.wokenToAcked(Duration.ofNanos(System.nanoTime() - woken));
      }
      if (relayed < settings.batchSize() && wokenAt.get() == 0 && running) {
        LockSupport.parkNanos(this, settings.pollInterval().toNanos());
      }
    }
  }

  /** Parks for {@code duration}, ignoring wake-ups; returns early only when stopping. */
  private void pause(Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    long remaining;
    while (running
        && !Thread.currentThread().isInterrupted()
        && (remaining = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(this, remaining);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static boolean join(Thread thread, Duration timeout) {
    try {
      return thread.join(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !thread.isAlive();
    }
  }

  @Override
  public String toString() {
    return "OutboxRelay[" + name + "]";
  }
}
