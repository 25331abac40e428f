package io.fetchq.api.idempotency.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.idempotency.domain.IdempotencyKey;
import io.fetchq.api.idempotency.domain.IdempotencyRecord;
import io.fetchq.api.idempotency.domain.IdempotentResource;
import io.fetchq.api.idempotency.domain.RequestFingerprint;
import io.fetchq.api.tenants.domain.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PurgeExpiredIdempotencyKeysTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final TenantId TENANT =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-000000000001"));

  private final InMemoryIdempotencyKeyStore store = new InMemoryIdempotencyKeyStore();
  private final PurgeExpiredIdempotencyKeys purge =
      new PurgeExpiredIdempotencyKeys(store, Clock.fixed(NOW, ZoneOffset.UTC), 10);

  @Test
  void deletesEveryExpiredKeyInBoundedBatchesAndKeepsLiveOnes() {
    for (int i = 0; i < 25; i++) {
      store.put(record("old-" + i, NOW.minus(Duration.ofMinutes(i + 1))));
    }
    store.put(record("expires-now", NOW));
    store.put(record("live", NOW.plusSeconds(1)));

    long deleted = purge.purge();

    assertThat(deleted).isEqualTo(26);
    assertThat(store.all()).extracting(r -> r.key().value()).containsExactly("live");
    assertThat(store.deleteLimits()).containsExactly(10, 10, 10);
  }

  @Test
  void stopsAfterOneStatementWhenNothingExpired() {
    store.put(record("live", NOW.plusSeconds(1)));

    assertThat(purge.purge()).isZero();
    assertThat(store.deleteLimits()).containsExactly(10);
  }

  @Test
  void refusesAnEmptyBatch() {
    assertThatThrownBy(() -> new PurgeExpiredIdempotencyKeys(store, Clock.systemUTC(), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static IdempotencyRecord record(String key, Instant expiresAt) {
    return new IdempotencyRecord(
        TENANT,
        new IdempotencyKey(key),
        IdempotentResource.JOB,
        RequestFingerprint.of(IdempotentResource.JOB, "{}"),
        UUID.randomUUID(),
        expiresAt.minus(Duration.ofHours(24)),
        expiresAt);
  }
}
