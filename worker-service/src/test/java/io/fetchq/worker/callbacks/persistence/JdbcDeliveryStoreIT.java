package io.fetchq.worker.callbacks.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.fetchq.worker.WorkerIntegrationTest;
import io.fetchq.worker.callbacks.domain.ClaimedDelivery;
import io.fetchq.worker.callbacks.domain.DeliveryDecision;
import io.fetchq.worker.callbacks.domain.DeliveryError;
import io.fetchq.worker.callbacks.domain.EventId;
import io.fetchq.worker.callbacks.messaging.RedeliveryScheduler;
import io.fetchq.worker.callbacks.usecase.DueDelivery;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The guarded statements on {@code webhook_deliveries}, against PostgreSQL. The rows here are never
 * due for the context's redelivery scheduler, except in the tests that stop it first.
 */
class JdbcDeliveryStoreIT extends WorkerIntegrationTest {

  @Autowired private RedeliveryScheduler scheduler;

  /** Runs {@code test} with the context's scheduler stopped, so only the test requeues. */
  private void withoutScheduler(ThrowingRunnable test) throws Exception {
    scheduler.stop();
    try {
      test.run();
    } finally {
      scheduler.start();
    }
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  private JdbcDeliveryStore store() {
    return new JdbcDeliveryStore(dataSource);
  }

  private EventId row(String state, int attempts, Instant nextAttemptAt) {
    UUID id = UUID.randomUUID();
    jdbc()
        .update(
            """
            INSERT INTO webhook_deliveries (id, tenant_id, batch_id, event_type, url, state,
                                            attempts, payload, next_attempt_at, occurred_at,
                                            updated_at)
            VALUES (?, ?, ?, 'batch.completed', 'http://127.0.0.1:9/x', ?, ?, '{"a":1}', ?,
                    now(), now())
            """,
            id,
            SYSTEM_TENANT,
            UUID.randomUUID(),
            state,
            attempts,
            nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt));
    jdbc().update("UPDATE tenants SET webhook_secret = ? WHERE id = ?", SECRET, SYSTEM_TENANT);
    return new EventId(id);
  }

  private Map<String, Object> read(EventId id) {
    return jdbc().queryForMap("SELECT * FROM webhook_deliveries WHERE id = ?", id.value());
  }

  @Test
  void claimsTheNextAttemptOnceAndReclaimsAnAttemptWhoseWorkerDied() {
    EventId id = row("queued", 1, null);

    Optional<ClaimedDelivery> claimed = store().claim(id, 2);

    assertThat(claimed).isPresent();
    assertThat(claimed.get().eventType()).isEqualTo("batch.completed");
    assertThat(new String(claimed.get().payload())).isEqualTo("{\"a\":1}");
    assertThat(read(id)).containsEntry("state", "sending").containsEntry("attempts", 2);
    assertThat(store().claim(id, 1)).as("an older attempt").isEmpty();
    assertThat(store().claim(id, 3)).as("a later attempt").isEmpty();
    assertThat(store().claim(id, 2)).as("the same attempt, redelivered").isPresent();
  }

  @Test
  void anOutcomeIsRecordedOnlyForTheClaimedAttempt() {
    EventId id = row("queued", 0, null);
    store().claim(id, 1);
    Instant now = Instant.now();

    assertThat(store().record(id, 2, new DeliveryDecision.Delivered(200), now)).isFalse();
    assertThat(
            store()
                .record(
                    id,
                    1,
                    new DeliveryDecision.Retry(
                        now.plus(Duration.ofDays(1)), 500, DeliveryError.HTTP_STATUS),
                    now))
        .isTrue();
    assertThat(store().record(id, 1, new DeliveryDecision.Delivered(200), now))
        .as("no longer sending")
        .isFalse();
    assertThat(read(id))
        .containsEntry("state", "scheduled")
        .containsEntry("last_status_code", 500)
        .containsEntry("last_error", "http_status");
  }

  @Test
  void aHandBackSpendsNoAttemptAndIgnoresStaleMessages() {
    EventId id = row("queued", 3, null);
    Instant until = Instant.now().plus(Duration.ofDays(1));

    assertThat(store().defer(id, 3, until)).isFalse();
    assertThat(store().defer(id, 4, until)).isTrue();

    assertThat(read(id)).containsEntry("state", "scheduled").containsEntry("attempts", 3);
    assertThat(store().defer(id, 4, until)).as("scheduled but not due").isFalse();
    assertThat(store().claim(id, 4)).as("scheduled but not due").isEmpty();
  }

  @Test
  void aMessageThatOvertakesTheSchedulersCommitWaitsForItAndClaims() throws Exception {
    withoutScheduler(this::overtake);
  }

  private void overtake() throws Exception {
    EventId id = row("failed", 1, null);
    JdbcDueDeliveries due = new JdbcDueDeliveries(dataSource);
    List<CompletableFuture<Optional<ClaimedDelivery>>> claims = new ArrayList<>();
    List<DueDelivery> published = new ArrayList<>();

    jdbc()
        .update(
            "UPDATE webhook_deliveries SET state = 'scheduled', next_attempt_at = now()"
                + " - interval '1 second' WHERE id = ?",
            id.value());
    int requeued =
        due.requeue(
            10_000,
            batch -> {
              batch.stream().filter(d -> d.id().equals(id)).forEach(published::add);
              CompletableFuture<Optional<ClaimedDelivery>> claim =
                  CompletableFuture.supplyAsync(() -> store().claim(id, 2));
              claims.add(claim);
              try {
                claim.get(300, TimeUnit.MILLISECONDS);
                throw new AssertionError("the claim did not wait for the scheduler's commit");
              } catch (TimeoutException expected) {
                // blocked on the row lock, as it should be
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });

    assertThat(requeued).isPositive();
    assertThat(published)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.attempt()).isEqualTo(2);
              assertThat(d.host()).isEqualTo("127.0.0.1");
              assertThat(d.tenantId()).isEqualTo(SYSTEM_TENANT);
            });
    assertThat(claims.getFirst().get(10, TimeUnit.SECONDS)).isPresent();
    assertThat(read(id)).containsEntry("state", "sending").containsEntry("attempts", 2);
  }

  @Test
  void aFailedPublishLeavesTheRowsScheduled() throws Exception {
    withoutScheduler(this::failedPublish);
  }

  private void failedPublish() {
    EventId id = row("failed", 1, null);
    jdbc()
        .update(
            "UPDATE webhook_deliveries SET state = 'scheduled', next_attempt_at = now()"
                + " - interval '1 second' WHERE id = ?",
            id.value());

    assertThatIllegalStateException()
        .isThrownBy(
            () ->
                new JdbcDueDeliveries(dataSource)
                    .requeue(
                        10_000,
                        batch -> {
                          if (batch.stream().anyMatch(d -> d.id().equals(id))) {
                            throw new IllegalStateException("broker down");
                          }
                        }));

    assertThat(read(id)).containsEntry("state", "scheduled").containsEntry("attempts", 1);
  }
}
