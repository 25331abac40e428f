package io.fetchq.api.idempotency.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.idempotency.domain.IdempotencyKey;
import io.fetchq.api.idempotency.domain.IdempotencyRecord;
import io.fetchq.api.idempotency.domain.IdempotentRequest;
import io.fetchq.api.idempotency.domain.IdempotentResource;
import io.fetchq.api.idempotency.domain.RequestFingerprint;
import io.fetchq.api.jobs.usecase.Transactions;
import io.fetchq.api.tenants.domain.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ExecuteIdempotentlyTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123456789Z");
  private static final Duration TTL = Duration.ofHours(24);
  private static final TenantId TENANT =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-000000000001"));
  private static final TenantId OTHER =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-000000000002"));
  private static final IdempotencyKey KEY = new IdempotencyKey("order-42");

  private final InMemoryIdempotencyKeyStore store = new InMemoryIdempotencyKeyStore();
  private final RollbackTransactions transactions = new RollbackTransactions(store);
  private final MutableClock clock = new MutableClock(T0);
  private final ExecuteIdempotently execute =
      new ExecuteIdempotently(store, transactions, clock, TTL);
  private final List<UUID> created = new ArrayList<>();

  @Test
  void runsTheWorkOnceAndRecordsWhatItCreated() {
    IdempotencyOutcome outcome = execute.execute(TENANT, request("a"), this::create);

    assertThat(outcome).isEqualTo(new IdempotencyOutcome.Executed(created.get(0)));
    assertThat(store.find(TENANT, KEY))
        .hasValueSatisfying(
            stored -> {
              assertThat(stored.resourceId()).isEqualTo(created.get(0));
              assertThat(stored.resource()).isEqualTo(IdempotentResource.JOB);
              assertThat(stored.createdAt())
                  .isEqualTo(Instant.parse("2026-11-22T10:00:00.123456Z"));
              assertThat(stored.expiresAt()).isEqualTo(stored.createdAt().plus(TTL));
            });
    assertThat(transactions.committed).isEqualTo(1);
  }

  @Test
  void replaysTheSameRequestWithoutRunningTheWorkAgain() {
    execute.execute(TENANT, request("a"), this::create);
    clock.advance(TTL.minusSeconds(1));

    IdempotencyOutcome outcome = execute.execute(TENANT, request("a"), this::create);

    assertThat(outcome).isEqualTo(new IdempotencyOutcome.Replayed(created.get(0)));
    assertThat(created).hasSize(1);
  }

  @Test
  void refusesTheKeyForADifferentRequest() {
    execute.execute(TENANT, request("a"), this::create);

    assertThat(execute.execute(TENANT, request("b"), this::create))
        .isEqualTo(new IdempotencyOutcome.KeyReused(KEY));
    assertThat(created).hasSize(1);
  }

  @Test
  void refusesTheKeyForTheSameBodyToAnotherResource() {
    execute.execute(TENANT, request("a"), this::create);
    IdempotentRequest batch =
        new IdempotentRequest(
            KEY, IdempotentResource.BATCH, request("a").fingerprint() /* same digest */);

    assertThat(execute.execute(TENANT, batch, this::create))
        .isEqualTo(new IdempotencyOutcome.KeyReused(KEY));
  }

  @Test
  void answersInFlightWithoutTouchingAnythingWhileAnotherRequestHoldsTheKey() {
    store.holdElsewhere(TENANT, KEY);

    assertThat(execute.execute(TENANT, request("a"), this::create))
        .isEqualTo(new IdempotencyOutcome.InFlight(KEY));
    assertThat(created).isEmpty();
    assertThat(store.all()).isEmpty();
  }

  @Test
  void scopesKeysByTenant() {
    IdempotencyOutcome first = execute.execute(TENANT, request("a"), this::create);
    IdempotencyOutcome second = execute.execute(OTHER, request("a"), this::create);

    assertThat(first).isInstanceOf(IdempotencyOutcome.Executed.class);
    assertThat(second).isInstanceOf(IdempotencyOutcome.Executed.class);
    assertThat(created).hasSize(2).doesNotHaveDuplicates();
  }

  @Test
  void forgetsAKeyOnceItExpiredEvenBeforeThePurge() {
    execute.execute(TENANT, request("a"), this::create);
    clock.advance(TTL);

    IdempotencyOutcome again = execute.execute(TENANT, request("b"), this::create);

    assertThat(again).isEqualTo(new IdempotencyOutcome.Executed(created.get(1)));
    assertThat(store.find(TENANT, KEY).orElseThrow().fingerprint())
        .isEqualTo(request("b").fingerprint());
  }

  @Test
  void aFailingWorkLeavesTheKeyUnused() {
    assertThatThrownBy(
            () ->
                execute.execute(
                    TENANT,
                    request("a"),
                    () -> {
                      throw new IllegalStateException("database down");
                    }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(store.all()).isEmpty();
    assertThat(execute.execute(TENANT, request("b"), this::create))
        .isInstanceOf(IdempotencyOutcome.Executed.class);
  }

  @Test
  void refusesToReplayACommittedKeyThatNamesNothing() {
    IdempotencyRecord broken =
        IdempotencyRecord.claim(TENANT, request("a"), T0, T0.plus(TTL)); // resourceId null
    store.put(broken);

    assertThatThrownBy(() -> execute.execute(TENANT, request("a"), this::create))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusesANonPositiveTimeToLive() {
    assertThatThrownBy(() -> new ExecuteIdempotently(store, transactions, clock, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private UUID create() {
    UUID id = UUID.randomUUID();
    created.add(id);
    return id;
  }

  private static IdempotentRequest request(String canonicalBody) {
    return new IdempotentRequest(
        KEY, IdempotentResource.JOB, RequestFingerprint.of(IdempotentResource.JOB, canonicalBody));
  }

  /** Rolls the store back when the work throws, as the database would. */
  private static final class RollbackTransactions implements Transactions {
    private final InMemoryIdempotencyKeyStore store;
    int committed;

    RollbackTransactions(InMemoryIdempotencyKeyStore store) {
      this.store = store;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
      List<IdempotencyRecord> before = store.all();
      try {
        T result = work.get();
        committed++;
        return result;
      } catch (RuntimeException e) {
        store.restore(before);
        throw e;
      }
    }
  }

  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
