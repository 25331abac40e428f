package io.fetchq.api.outbox.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.api.outbox.domain.OutboxEntry;
import io.fetchq.api.outbox.usecase.OutboxStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class MicrometerRelayObserverTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  /** An outbox whose oldest row and backlog are set by the test; counts the queries. */
  private static final class FakeStore implements OutboxStore {
    Optional<Instant> oldest = Optional.empty();
    RuntimeException failure;
    final AtomicInteger oldestQueries = new AtomicInteger();

    @Override
    public int relayBatch(int limit, Consumer<List<OutboxEntry>> publish) {
      return 0;
    }

    @Override
    public long backlog(long cap) {
      return 0;
    }

    @Override
    public Optional<Instant> oldestCreatedAt() {
      oldestQueries.incrementAndGet();
      if (failure != null) {
        throw failure;
      }
      return oldest;
    }
  }

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final FakeStore store = new FakeStore();

  private double age() {
    return meters.get("fetchq.outbox.oldest.age").gauge().value();
  }

  @Test
  void theAgeIsZeroForAnEmptyOutboxAndSecondsSinceTheOldestRowOtherwise() {
    new MicrometerRelayObserver(meters, store, Duration.ZERO, Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(age()).isZero();

    store.oldest = Optional.of(NOW.minusMillis(42_500));
    assertThat(age()).isEqualTo(42.5);
  }

  @Test
  void queriesTheTableAtMostOncePerRefreshWhateverTheScrapeRate() {
    new MicrometerRelayObserver(
        meters, store, Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC));
    store.oldest = Optional.of(NOW.minusSeconds(3));

    for (int i = 0; i < 50; i++) {
      assertThat(age()).isEqualTo(3);
    }
    assertThat(store.oldestQueries).hasValue(1);
  }

  @Test
  void anUnreadableTableIsNotANumberNotAnError() {
    new MicrometerRelayObserver(meters, store, Duration.ZERO, Clock.systemUTC());
    store.failure = new IllegalStateException("database down");

    assertThat(age()).isNaN();
  }
}
