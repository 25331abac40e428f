package io.fetchq.api.idempotency.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fetchq.api.idempotency.domain.IdempotencyKey;
import io.fetchq.api.idempotency.domain.IdempotencyRecord;
import io.fetchq.api.idempotency.domain.IdempotentResource;
import io.fetchq.api.idempotency.domain.RequestFingerprint;
import io.fetchq.api.idempotency.usecase.IdempotencyKeyStore;
import io.fetchq.api.idempotency.usecase.InMemoryIdempotencyKeyStore;
import io.fetchq.api.idempotency.usecase.PurgeExpiredIdempotencyKeys;
import io.fetchq.api.tenants.domain.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdempotencyKeyPurgeScheduleTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void purgesRepeatedlyWhileRunningAndStopsOnStop() {
    InMemoryIdempotencyKeyStore store = new InMemoryIdempotencyKeyStore();
    store.put(expired("a"));
    IdempotencyKeyPurgeSchedule schedule =
        new IdempotencyKeyPurgeSchedule(
            new PurgeExpiredIdempotencyKeys(store, CLOCK, 100), Duration.ofMillis(10));

    schedule.start();
    schedule.start(); // idempotent
    try {
      assertThat(schedule.isRunning()).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> store.all().isEmpty());
      store.put(expired("b"));
      await().atMost(Duration.ofSeconds(10)).until(() -> store.all().isEmpty());
    } finally {
      schedule.stop();
    }
    assertThat(schedule.isRunning()).isFalse();
    schedule.stop(); // idempotent
  }

  @Test
  void aFailedPurgeIsLoggedAndDoesNotEndTheSchedule() {
    AtomicInteger calls = new AtomicInteger();
    IdempotencyKeyStore failing =
        new InMemoryIdempotencyKeyStore() {
          @Override
          public synchronized int deleteExpired(Instant now, int limit) {
            calls.incrementAndGet();
            throw new IllegalStateException("database down");
          }
        };
    IdempotencyKeyPurgeSchedule schedule =
        new IdempotencyKeyPurgeSchedule(
            new PurgeExpiredIdempotencyKeys(failing, CLOCK, 100), Duration.ofMillis(10));

    assertThatCode(schedule::runOnce).doesNotThrowAnyException();
    schedule.start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 3);
    } finally {
      schedule.stop();
    }
  }

  @Test
  void refusesANonPositiveInterval() {
    PurgeExpiredIdempotencyKeys purge =
        new PurgeExpiredIdempotencyKeys(new InMemoryIdempotencyKeyStore(), CLOCK, 1);
    assertThatThrownBy(() -> new IdempotencyKeyPurgeSchedule(purge, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static IdempotencyRecord expired(String key) {
    return new IdempotencyRecord(
        new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-000000000001")),
        new IdempotencyKey(key),
        IdempotentResource.JOB,
        RequestFingerprint.of(IdempotentResource.JOB, "{}"),
        UUID.randomUUID(),
        NOW.minus(Duration.ofHours(25)),
        NOW.minus(Duration.ofHours(1)));
  }
}
