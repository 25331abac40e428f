package io.fetchq.api.outbox.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fetchq.api.outbox.domain.OutboxEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutboxRelayTest {

  private static final Duration LONG = Duration.ofHours(1);

  /** An outbox in memory that behaves like the table: a failed pass puts its rows back. */
  static final class InMemoryStore implements OutboxStore {
    private final List<OutboxEntry> rows = new ArrayList<>();
    private long nextId = 1;
    final AtomicInteger passes = new AtomicInteger();

    synchronized void add(int count) {
      for (int i = 0; i < count; i++) {
        long id = nextId++;
        rows.add(new OutboxEntry(id, "jobs", "key-" + id, new byte[] {1}, Map.of("h", "v")));
      }
    }

    synchronized int size() {
      return rows.size();
    }

    @Override
    public Optional<Instant> oldestCreatedAt() {
      return Optional.empty();
    }

    @Override
    public int relayBatch(int limit, Consumer<List<OutboxEntry>> publish) {
      passes.incrementAndGet();
      List<OutboxEntry> taken;
      synchronized (this) {
        taken = new ArrayList<>(rows.subList(0, Math.min(limit, rows.size())));
        rows.removeAll(taken);
      }
      if (taken.isEmpty()) {
        return 0;
      }
      try {
        publish.accept(taken);
      } catch (RuntimeException e) {
        synchronized (this) {
          rows.addAll(0, taken);
        }
        throw e;
      }
      return taken.size();
    }

    @Override
    public synchronized long backlog(long cap) {
      return Math.min(cap, rows.size());
    }
  }

  static final class RecordingObserver implements RelayObserver {
    final AtomicInteger relayed = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final List<Duration> latencies = new CopyOnWriteArrayList<>();

    @Override
    public void batchRelayed(int size, Duration took) {
      relayed.addAndGet(size);
    }

    @Override
    public void batchFailed(Duration took) {
      failed.incrementAndGet();
    }

    @Override
    public void wokenToAcked(Duration latency) {
      latencies.add(latency);
    }
  }

  private final InMemoryStore store = new InMemoryStore();
  private final List<OutboxEntry> published = new CopyOnWriteArrayList<>();
  private final RecordingObserver observer = new RecordingObserver();
  private final List<OutboxRelay> started = new ArrayList<>();

  @AfterEach
  void stopRelays() {
    started.forEach(OutboxRelay::stop);
  }

  private OutboxRelay relay(
      OutboxPublisher publisher, int batchSize, Duration poll, Duration stopTimeout) {
    OutboxRelay relay =
        new OutboxRelay(
            store,
            publisher,
            new OutboxRelay.Settings(
                batchSize, poll, Duration.ofMillis(20), Duration.ofMillis(40), stopTimeout),
            observer,
            "test-relay");
    started.add(relay);
    return relay;
  }

  private OutboxRelay relay(int batchSize, Duration poll) {
    return relay(published::addAll, batchSize, poll, Duration.ofSeconds(5));
  }

  @Test
  void passesRunBackToBackWhileBatchesComeBackFull() {
    store.add(35);
    OutboxRelay relay = relay(10, LONG);

    relay.start();
    relay.wake();

    await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 35);
    assertThat(published).extracting(OutboxEntry::id).isSorted().doesNotHaveDuplicates();
    assertThat(store.size()).isZero();
    assertThat(observer.relayed.get()).isEqualTo(35);
  }

  @Test
  void aWakeUpStartsAPassWithoutWaitingForThePollInterval() {
    OutboxRelay relay = relay(10, LONG);
    relay.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> store.passes.get() >= 1);

    store.add(3);
    relay.wake();

    await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 3);
    await().atMost(Duration.ofSeconds(5)).until(() -> !observer.latencies.isEmpty());
    assertThat(observer.latencies.getFirst()).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void pollsForRowsThatNoWakeUpAnnounced() {
    OutboxRelay relay = relay(10, Duration.ofMillis(20));
    relay.start();

    store.add(4);

    await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 4);
  }

  @Test
  void keepsTheRowsAndBacksOffWhilePublishingFails() {
    AtomicInteger attempts = new AtomicInteger();
    List<Long> attemptTimes = new CopyOnWriteArrayList<>();
    OutboxPublisher flaky =
        entries -> {
          attemptTimes.add(System.nanoTime());
          if (attempts.incrementAndGet() <= 3) {
            throw new IllegalStateException("broker unreachable");
          }
          published.addAll(entries);
        };
    store.add(5);
    OutboxRelay relay = relay(flaky, 10, LONG, Duration.ofSeconds(5));

    relay.start();
    relay.wake();

    await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 5);
    assertThat(observer.failed.get()).isEqualTo(3);
    assertThat(store.size()).isZero();
    // Back-off 20 ms, then 40 ms, then 40 ms (capped); wake-ups do not cut it short.
    assertThat(gapMillis(attemptTimes, 0)).isGreaterThanOrEqualTo(18);
    assertThat(gapMillis(attemptTimes, 1)).isGreaterThanOrEqualTo(38);
    assertThat(gapMillis(attemptTimes, 2)).isGreaterThanOrEqualTo(38);
  }

  private static long gapMillis(List<Long> times, int index) {
    return TimeUnit.NANOSECONDS.toMillis(times.get(index + 1) - times.get(index));
  }

  @Test
  void relayOnceReportsAFailedPassAndKeepsTheRows() {
    store.add(2);
    OutboxRelay relay =
        relay(
            entries -> {
              throw new IllegalStateException("no broker");
            },
            10,
            LONG,
            Duration.ofSeconds(5));

    assertThatThrownBy(relay::relayOnce).hasMessage("no broker");

    assertThat(store.size()).isEqualTo(2);
    assertThat(observer.failed.get()).isEqualTo(1);
  }

  @Test
  void stopLetsThePassInProgressFinish() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    OutboxPublisher slow =
        entries -> {
          entered.countDown();
          awaitUninterruptibly(release);
          published.addAll(entries);
        };
    store.add(3);
    OutboxRelay relay = relay(slow, 10, LONG, Duration.ofSeconds(10));
    relay.start();
    relay.wake();
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(relay::stop);
    assertThat(stopped).isNotDone();
    release.countDown();

    assertThat(stopped.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(published).hasSize(3);
    assertThat(relay.isRunning()).isFalse();
  }

  @Test
  void stopInterruptsAPassThatOutlivesTheStopTimeoutAndTheRowsStay() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    OutboxPublisher stuck =
        entries -> {
          entered.countDown();
          try {
            new CountDownLatch(1).await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
          }
        };
    store.add(3);
    OutboxRelay relay = relay(stuck, 10, LONG, Duration.ofMillis(100));
    relay.start();
    relay.wake();
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

    assertThat(relay.stop()).isTrue();

    assertThat(store.size()).isEqualTo(3);
    assertThat(relay.isRunning()).isFalse();
  }

  @Test
  void startAndStopAreIdempotentAndTheRelayRestarts() {
    OutboxRelay relay = relay(10, LONG);
    assertThat(relay.stop()).isTrue();
    relay.start();
    relay.start();
    assertThat(relay.isRunning()).isTrue();
    assertThat(relay.stop()).isTrue();

    store.add(1);
    relay.start();
    relay.wake();

    await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 1);
    assertThat(relay.toString()).contains("test-relay");
  }

  @Test
  void refusesSettingsThatMakeNoSense() {
    Duration ms = Duration.ofMillis(1);
    assertThatThrownBy(() -> new OutboxRelay.Settings(0, ms, ms, ms, ms))
        .hasMessageContaining("batchSize");
    assertThatThrownBy(() -> new OutboxRelay.Settings(1, Duration.ZERO, ms, ms, ms))
        .hasMessageContaining("pollInterval");
    assertThatThrownBy(() -> new OutboxRelay.Settings(1, ms, ms.multipliedBy(2), ms, ms))
        .hasMessageContaining("maxBackoff");
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
