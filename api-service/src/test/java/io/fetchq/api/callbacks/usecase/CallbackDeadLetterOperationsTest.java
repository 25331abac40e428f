package io.fetchq.api.callbacks.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.batches.domain.BatchId;
import io.fetchq.api.callbacks.domain.CallbackDeadLetterFilter;
import io.fetchq.api.callbacks.domain.DeliveryState;
import io.fetchq.api.callbacks.domain.WebhookDelivery;
import io.fetchq.api.callbacks.domain.WebhookEventId;
import io.fetchq.api.deadletters.domain.AdminActor;
import io.fetchq.api.deadletters.usecase.Page;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.usecase.FakeTransactions;
import io.fetchq.api.metrics.MicrometerApiMetrics;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.contracts.webhooks.v1.CallbackMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CallbackDeadLetterOperationsTest {

  private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final TenantId ACME = new TenantId(UUID.randomUUID());
  private static final TenantId GLOBEX = new TenantId(UUID.randomUUID());
  private static final AdminActor SYSTEM = new AdminActor(TenantId.SYSTEM, null);
  private static final AdminActor ACME_ADMIN = new AdminActor(ACME, UUID.randomUUID());

  private final InMemoryCallbackDeadLetters deadLetters = new InMemoryCallbackDeadLetters();
  private final FakeTransactions transactions = new FakeTransactions();
  private final RecordingCallbackDispatches dispatches =
      new RecordingCallbackDispatches(transactions);
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final ListCallbackDeadLetters list = new ListCallbackDeadLetters(deadLetters);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final MicrometerApiMetrics metrics = new MicrometerApiMetrics(meters);
  private final ReplayCallbackDeadLetter replayOne =
      new ReplayCallbackDeadLetter(deadLetters, dispatches, transactions, clock, metrics);
  private final ReplayCallbackDeadLetters replayMany =
      new ReplayCallbackDeadLetters(deadLetters, dispatches, transactions, clock, metrics);

  private double replays(String mode) {
    return meters
        .get("fetchq.deadletters.replayed")
        .tag("queue", "callbacks")
        .tag("mode", mode)
        .counter()
        .count();
  }

  @Test
  void listsNewestFailureFirstAndWalksPagesByCursor() {
    List<WebhookDelivery> added = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      added.add(failed(ACME, "job.failed", T0.plusSeconds(i)));
    }
    deadLetters.add(delivery(ACME, DeliveryState.QUEUED, true, null));

    Page<WebhookDelivery> first = list.list(SYSTEM, CallbackDeadLetterFilter.all(), null, 2);
    Page<WebhookDelivery> second =
        list.list(SYSTEM, CallbackDeadLetterFilter.all(), first.next(), 2);
    Page<WebhookDelivery> last =
        list.list(SYSTEM, CallbackDeadLetterFilter.all(), second.next(), 2);

    assertThat(first.items()).containsExactly(added.get(4), added.get(3));
    assertThat(second.items()).containsExactly(added.get(2), added.get(1));
    assertThat(last.items()).containsExactly(added.get(0));
    assertThat(last.next()).isNull();
    assertThatThrownBy(() -> list.list(SYSTEM, CallbackDeadLetterFilter.all(), null, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTenantAdministratorSeesOnlyItsOwnTenant() {
    WebhookDelivery acme = failed(ACME, "job.failed", T0);
    WebhookDelivery globex = failed(GLOBEX, "job.failed", T0.plusSeconds(1));

    assertThat(list.list(SYSTEM, CallbackDeadLetterFilter.all(), null, 10).items())
        .containsExactly(globex, acme);
    assertThat(list.list(ACME_ADMIN, CallbackDeadLetterFilter.all(), null, 10).items())
        .containsExactly(acme);
    assertThat(
            list.list(ACME_ADMIN, new CallbackDeadLetterFilter(GLOBEX, null, null, null), null, 10)
                .items())
        .isEmpty();
    assertThat(replayOne.replay(ACME_ADMIN, globex.id()))
        .isEqualTo(new CallbackReplayOutcome.NotFound());
    assertThat(
            replayMany.replay(
                ACME_ADMIN, new CallbackDeadLetterFilter(GLOBEX, null, null, null), 10, false))
        .isEqualTo(new ReplayCallbackDeadLetters.Outcome(0, 0));
    assertThat(replayMany.replay(ACME_ADMIN, CallbackDeadLetterFilter.all(), 10, false))
        .isEqualTo(new ReplayCallbackDeadLetters.Outcome(1, 1));
    assertThat(deadLetters.get(globex.id()).state()).isEqualTo(DeliveryState.FAILED);
    assertThat(deadLetters.get(acme.id()).state()).isEqualTo(DeliveryState.QUEUED);
  }

  @Test
  void replayQueuesTheSameEventForAFreshRoundWithAFirstAttemptMessage() {
    WebhookDelivery entry = failed(ACME, "job.completed", T0);

    CallbackReplayOutcome outcome = replayOne.replay(SYSTEM, entry.id());

    WebhookDelivery replayed = ((CallbackReplayOutcome.Replayed) outcome).entry();
    assertThat(replayed.state()).isEqualTo(DeliveryState.QUEUED);
    assertThat(replayed.attempts()).isZero();
    assertThat(replayed.replayCount()).isEqualTo(1);
    assertThat(replayed.lastError()).isNull();
    assertThat(replayed.lastResponseCode()).isNull();
    assertThat(replayed.failedAt()).isNull();
    assertThat(deadLetters.get(entry.id())).isEqualTo(replayed);
    assertThat(dispatches.messages())
        .containsExactly(
            new CallbackMessage(entry.id().value(), ACME.value(), 1, "hooks.example", NOW));
    assertThat(transactions.committed()).isEqualTo(1);
    assertThat(replays("single")).isEqualTo(1);
  }

  @Test
  void replayRefusesWhatIsNotAReplayableDeadLetter() {
    WebhookDelivery queued = delivery(ACME, DeliveryState.QUEUED, true, null);
    WebhookDelivery unrendered = delivery(ACME, DeliveryState.FAILED, false, T0);
    deadLetters.add(queued);
    deadLetters.add(unrendered);

    assertThat(replayOne.replay(SYSTEM, queued.id()))
        .isInstanceOfSatisfying(
            CallbackReplayOutcome.NotReplayable.class,
            refused -> assertThat(refused.reason()).contains("queued"));
    assertThat(replayOne.replay(SYSTEM, unrendered.id()))
        .isInstanceOfSatisfying(
            CallbackReplayOutcome.NotReplayable.class,
            refused -> assertThat(refused.reason()).contains("no longer exists"));
    assertThat(replayOne.replay(SYSTEM, new WebhookEventId(UUID.randomUUID())))
        .isEqualTo(new CallbackReplayOutcome.NotFound());
    assertThat(dispatches.messages()).isEmpty();
  }

  @Test
  void aDryRunCountsAndChangesNothing() {
    failed(ACME, "job.failed", T0);
    failed(ACME, "job.failed", T0.plusSeconds(1));
    failed(ACME, "batch.completed", T0.plusSeconds(2));
    WebhookDelivery unrendered = delivery(ACME, DeliveryState.FAILED, false, T0);
    deadLetters.add(unrendered);

    ReplayCallbackDeadLetters.Outcome dry =
        replayMany.replay(
            SYSTEM, new CallbackDeadLetterFilter(ACME, "job.failed", null, null), 1000, true);

    assertThat(dry).isEqualTo(new ReplayCallbackDeadLetters.Outcome(2, 0));
    assertThat(list.list(SYSTEM, CallbackDeadLetterFilter.all(), null, 10).items()).hasSize(4);
    assertThat(dispatches.messages()).isEmpty();
  }

  @Test
  void bulkReplayTakesTheNewestMatchesUpToTheLimit() {
    WebhookDelivery older = failed(ACME, "job.failed", T0);
    WebhookDelivery newer = failed(ACME, "job.failed", T0.plusSeconds(1));
    WebhookDelivery newest = failed(ACME, "job.failed", T0.plusSeconds(2));

    ReplayCallbackDeadLetters.Outcome outcome =
        replayMany.replay(SYSTEM, CallbackDeadLetterFilter.all(), 2, false);

    assertThat(outcome).isEqualTo(new ReplayCallbackDeadLetters.Outcome(2, 2));
    assertThat(replays("bulk")).isEqualTo(2);
    assertThat(dispatches.messages())
        .extracting(CallbackMessage::eventId)
        .containsExactly(newest.id().value(), newer.id().value());
    assertThat(deadLetters.get(older.id()).state()).isEqualTo(DeliveryState.FAILED);
    assertThat(replayMany.replay(SYSTEM, CallbackDeadLetterFilter.all(), 10, false))
        .isEqualTo(new ReplayCallbackDeadLetters.Outcome(1, 1));
    assertThat(replayMany.replay(SYSTEM, CallbackDeadLetterFilter.all(), 10, false))
        .isEqualTo(new ReplayCallbackDeadLetters.Outcome(0, 0));
    assertThatThrownBy(() -> replayMany.replay(SYSTEM, CallbackDeadLetterFilter.all(), 0, true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> replayMany.replay(SYSTEM, CallbackDeadLetterFilter.all(), 10_001, true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private WebhookDelivery failed(TenantId tenant, String type, Instant failedAt) {
    WebhookDelivery delivery =
        new WebhookDelivery(
            new WebhookEventId(UUID.randomUUID()),
            tenant,
            type,
            type.equals("batch.completed") ? null : new JobId(UUID.randomUUID()),
            type.equals("batch.completed") ? new BatchId(UUID.randomUUID()) : null,
            "https://Hooks.Example/x",
            DeliveryState.FAILED,
            true,
            9,
            500,
            "http_status: 500",
            failedAt,
            0);
    deadLetters.add(delivery);
    return delivery;
  }

  private static WebhookDelivery delivery(
      TenantId tenant, DeliveryState state, boolean rendered, Instant failedAt) {
    return new WebhookDelivery(
        new WebhookEventId(UUID.randomUUID()),
        tenant,
        "job.completed",
        new JobId(UUID.randomUUID()),
        null,
        "https://hooks.example/x",
        state,
        rendered,
        1,
        null,
        null,
        failedAt,
        0);
  }
}
