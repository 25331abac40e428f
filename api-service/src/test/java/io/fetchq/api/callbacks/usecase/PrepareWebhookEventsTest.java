package io.fetchq.api.callbacks.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.batches.domain.BatchId;
import io.fetchq.api.callbacks.domain.NewWebhookEvent;
import io.fetchq.api.callbacks.domain.WebhookEventId;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.usecase.FakeTransactions;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.contracts.webhooks.v1.CallbackMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PrepareWebhookEventsTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:05Z");
  private static final TenantId ACME = new TenantId(UUID.randomUUID());

  private final InMemoryWebhookEvents events = new InMemoryWebhookEvents();
  private final FakeTransactions transactions = new FakeTransactions();
  private final RecordingCallbackDispatches dispatches =
      new RecordingCallbackDispatches(transactions);
  private final Set<WebhookEventId> gone = new HashSet<>();
  private final WebhookPayloads payloads =
      event -> {
        assertThat(transactions.isActive()).as("renders in the transaction").isTrue();
        return gone.contains(event.id())
            ? Optional.empty()
            : Optional.of("{\"type\":\"" + event.type() + "\",\"id\":\"" + event.id() + "\"}");
      };

  private PrepareWebhookEvents prepare(int batchSize) {
    return new PrepareWebhookEvents(
        events, payloads, dispatches, transactions, Clock.fixed(NOW, ZoneOffset.UTC), batchSize);
  }

  @Test
  void queuesEachNewEventWithItsPayloadAndOneFirstAttemptMessage() {
    NewWebhookEvent job = jobEvent("job.completed", "https://Hooks.Example:8443/x", T0);
    NewWebhookEvent batch = batchEvent("https://[::1]/b", T0.plusSeconds(1));
    events.add(job);
    events.add(batch);

    int taken = prepare(100).prepareBatch();

    assertThat(taken).isEqualTo(2);
    assertThat(transactions.committed()).isEqualTo(1);
    assertThat(events.row(job.id()).state()).isEqualTo("queued");
    assertThat(events.row(job.id()).payload()).contains("job.completed").contains(job.id() + "");
    assertThat(events.row(batch.id()).state()).isEqualTo("queued");
    assertThat(dispatches.messages())
        .containsExactly(
            new CallbackMessage(job.id().value(), ACME.value(), 1, "hooks.example", NOW),
            new CallbackMessage(batch.id().value(), ACME.value(), 1, "::1", NOW));
  }

  @Test
  void anEventWhoseSubjectIsGoneIsDeadLetteredWithoutAMessage() {
    NewWebhookEvent job = jobEvent("job.failed", "https://hooks.example/x", T0);
    events.add(job);
    gone.add(job.id());

    assertThat(prepare(100).prepareBatch()).isEqualTo(1);

    assertThat(events.row(job.id()).state()).isEqualTo("failed");
    assertThat(events.row(job.id()).error()).isEqualTo(PrepareWebhookEvents.SUBJECT_GONE);
    assertThat(events.row(job.id()).at()).isEqualTo(NOW);
    assertThat(dispatches.messages()).isEmpty();
  }

  @Test
  void takesTheOldestEventsUpToTheBatchSizeAndSaysWhenMoreMayWait() {
    for (int i = 0; i < 5; i++) {
      events.add(jobEvent("job.cancelled", "https://hooks.example/" + i, T0.minusSeconds(i)));
    }
    PrepareWebhookEvents prepare = prepare(2);

    assertThat(prepare.batchSize()).isEqualTo(2);
    assertThat(prepare.prepareBatch()).isEqualTo(2);
    assertThat(dispatches.messages())
        .extracting(CallbackMessage::host)
        .containsExactly("hooks.example", "hooks.example");
    assertThat(events.all().stream().filter(r -> r.state().equals("queued")))
        .extracting(r -> r.event().url())
        .containsExactlyInAnyOrder("https://hooks.example/4", "https://hooks.example/3");
    assertThat(prepare.prepareBatch()).isEqualTo(2);
    assertThat(prepare.prepareBatch()).isEqualTo(1);
    assertThat(prepare.prepareBatch()).isZero();
    assertThat(dispatches.messages()).hasSize(5);
  }

  @Test
  void preparingAgainNeverSendsASecondMessageForAnEvent() {
    events.add(jobEvent("job.completed", "https://hooks.example/x", T0));
    PrepareWebhookEvents prepare = prepare(100);

    prepare.prepareBatch();
    int again = prepare.prepareBatch();

    assertThat(again).isZero();
    assertThat(dispatches.messages()).hasSize(1);
  }

  @Test
  void aFailedTransactionQueuesNothing() {
    NewWebhookEvent job = jobEvent("job.completed", "https://hooks.example/x", T0);
    events.add(job);
    transactions.failNext(new IllegalStateException("database down"));

    assertThatThrownBy(() -> prepare(100).prepareBatch()).hasMessage("database down");

    assertThat(events.row(job.id()).state()).isEqualTo("new");
    assertThat(dispatches.messages()).isEmpty();
  }

  @Test
  void refusesANonPositiveBatchSize() {
    assertThatThrownBy(() -> prepare(0)).isInstanceOf(IllegalArgumentException.class);
  }

  static NewWebhookEvent jobEvent(String type, String url, Instant at) {
    return new NewWebhookEvent(
        new WebhookEventId(UUID.randomUUID()),
        ACME,
        type,
        new JobId(UUID.randomUUID()),
        null,
        url,
        at);
  }

  static NewWebhookEvent batchEvent(String url, Instant at) {
    return new NewWebhookEvent(
        new WebhookEventId(UUID.randomUUID()),
        ACME,
        "batch.completed",
        null,
        new BatchId(UUID.randomUUID()),
        url,
        at);
  }
}
