package io.fetchq.api.callbacks.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.batches.domain.BatchId;
import io.fetchq.api.jobs.domain.CallbackDelivery;
import io.fetchq.api.jobs.domain.CallbackStatus;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.tenants.domain.TenantId;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class WebhookDomainTest {

  private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
  private static final TenantId ACME = new TenantId(UUID.randomUUID());
  private static final JobId JOB = new JobId(UUID.randomUUID());
  private static final BatchId BATCH = new BatchId(UUID.randomUUID());

  @Test
  void aNewEventNamesExactlyTheSubjectItsTypeIsAbout() {
    assertThat(event("job.completed", JOB, null).aboutJob()).isTrue();
    assertThat(event("batch.completed", null, BATCH).aboutJob()).isFalse();
    assertThatThrownBy(() -> event("job.completed", null, BATCH))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> event("job.failed", JOB, BATCH))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> event("batch.completed", JOB, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> event("job.started", JOB, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "new, NEW, PENDING",
    "queued, QUEUED, PENDING",
    "sending, SENDING, PENDING",
    "scheduled, SCHEDULED, PENDING",
    "delivered, DELIVERED, DELIVERED",
    "failed, FAILED, FAILED"
  })
  void deliveryStatesReadFromTheirWireNamesAndShowAsACallbackStatus(
      String wire, DeliveryState state, CallbackStatus status) {
    assertThat(DeliveryState.fromWire(wire)).isEqualTo(state);
    assertThat(state.wireName()).isEqualTo(wire);
    assertThat(CallbackStatus.ofDeliveryState(wire)).isEqualTo(status);
  }

  @Test
  void unknownStatesAreRefused() {
    assertThatThrownBy(() -> DeliveryState.fromWire("lost"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CallbackStatus.ofDeliveryState("lost"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(CallbackStatus.DELIVERED.wireName()).isEqualTo("delivered");
    assertThat(CallbackDelivery.NOT_ATTEMPTED)
        .isEqualTo(new CallbackDelivery(CallbackStatus.PENDING, 0, null));
    assertThatThrownBy(() -> new CallbackDelivery(CallbackStatus.PENDING, -1, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyAFailedRenderedDeliveryReplaysAndItStartsAFreshRound() {
    WebhookDelivery failed = delivery(DeliveryState.FAILED, true);

    WebhookDelivery replayed = failed.replay();

    assertThat(failed.notReplayableReason()).isNull();
    assertThat(failed.host()).isEqualTo("hooks.example");
    assertThat(replayed)
        .isEqualTo(
            new WebhookDelivery(
                failed.id(),
                ACME,
                "job.failed",
                JOB,
                null,
                "https://Hooks.Example:8443/x",
                DeliveryState.QUEUED,
                true,
                0,
                null,
                null,
                null,
                3));
    assertThat(replayed.notReplayableReason()).contains("queued");
    assertThatThrownBy(replayed::replay).isInstanceOf(IllegalStateException.class);
    assertThat(delivery(DeliveryState.FAILED, false).notReplayableReason())
        .contains("job no longer exists");
    assertThat(delivery(DeliveryState.DELIVERED, true).notReplayableReason()).contains("delivered");
  }

  @Test
  void theFilterMatchesAndScopesLikeTheQuery() {
    TenantId other = new TenantId(UUID.randomUUID());
    WebhookDelivery entry = delivery(DeliveryState.FAILED, true);

    assertThat(CallbackDeadLetterFilter.all().matches(entry)).isTrue();
    assertThat(
            new CallbackDeadLetterFilter(ACME, "job.failed", T0, T0.plusSeconds(1)).matches(entry))
        .isTrue();
    assertThat(new CallbackDeadLetterFilter(other, null, null, null).matches(entry)).isFalse();
    assertThat(new CallbackDeadLetterFilter(null, "job.completed", null, null).matches(entry))
        .isFalse();
    assertThat(new CallbackDeadLetterFilter(null, null, T0.plusSeconds(1), null).matches(entry))
        .isFalse();
    assertThat(new CallbackDeadLetterFilter(null, null, null, T0).matches(entry)).isFalse();
    assertThat(CallbackDeadLetterFilter.all().within(null))
        .isEqualTo(CallbackDeadLetterFilter.all());
    assertThat(CallbackDeadLetterFilter.all().within(ACME).tenant()).isEqualTo(ACME);
    assertThat(new CallbackDeadLetterFilter(other, null, null, null).excludes(ACME)).isTrue();
    assertThat(new CallbackDeadLetterFilter(ACME, null, null, null).excludes(ACME)).isFalse();
    assertThat(CallbackDeadLetterFilter.all().excludes(ACME)).isFalse();
    assertThat(new CallbackDeadLetterFilter(other, null, null, null).excludes(null)).isFalse();
    assertThatThrownBy(() -> new CallbackDeadLetterFilter(null, "job.late", null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CallbackDeadLetterFilter(null, null, T0, T0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(DeliveryState.class)
  void aDeliveryRefusesNegativeCounts(DeliveryState state) {
    assertThatThrownBy(
            () ->
                new WebhookDelivery(
                    new WebhookEventId(UUID.randomUUID()),
                    ACME,
                    "job.failed",
                    JOB,
                    null,
                    "https://hooks.example/x",
                    state,
                    true,
                    -1,
                    null,
                    null,
                    null,
                    0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new WebhookEventId(JOB.value()).toString()).isEqualTo(JOB.value().toString());
  }

  private static NewWebhookEvent event(String type, JobId job, BatchId batch) {
    return new NewWebhookEvent(
        new WebhookEventId(UUID.randomUUID()), ACME, type, job, batch, "https://h.example/", T0);
  }

  private static WebhookDelivery delivery(DeliveryState state, boolean rendered) {
    return new WebhookDelivery(
        new WebhookEventId(UUID.randomUUID()),
        ACME,
        "job.failed",
        JOB,
        null,
        "https://Hooks.Example:8443/x",
        state,
        rendered,
        9,
        503,
        "http_status: 503",
        state == DeliveryState.FAILED ? T0 : null,
        2);
  }
}
