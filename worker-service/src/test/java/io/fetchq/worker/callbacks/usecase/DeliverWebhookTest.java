package io.fetchq.worker.callbacks.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.contracts.webhooks.v1.WebhookSigningSecret;
import io.fetchq.worker.callbacks.domain.ClaimedDelivery;
import io.fetchq.worker.callbacks.domain.DeliveryDecision;
import io.fetchq.worker.callbacks.domain.DeliveryError;
import io.fetchq.worker.callbacks.domain.DeliveryResult;
import io.fetchq.worker.callbacks.domain.EventId;
import io.fetchq.worker.callbacks.domain.RetrySchedule;
import io.fetchq.worker.callbacks.domain.SigningKeys;
import io.fetchq.worker.callbacks.domain.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeliverWebhookTest {

  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private static final EventId ID = new EventId(UUID.randomUUID());
  private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);

  private final FakeDeliveryStore store = new FakeDeliveryStore();
  private final List<WebhookRequest> sent = new ArrayList<>();
  private DeliveryResult answer = new DeliveryResult.Answered(200);
  private final DeliverWebhook deliver =
      new DeliverWebhook(
          store,
          request -> {
            sent.add(request);
            return answer;
          },
          RetrySchedule.parse("1s,2s"),
          Clock.fixed(NOW, ZoneOffset.UTC),
          () -> 0.5);

  private void claimable(int attempt) {
    store.claimable =
        new ClaimedDelivery(
            ID,
            UUID.randomUUID(),
            attempt,
            "http://receiver/hook",
            "{}".getBytes(StandardCharsets.UTF_8),
            "job.completed",
            NOW.minusMillis(250),
            new SigningKeys(WebhookSigningSecret.parse(SECRET), null, null));
  }

  @Test
  void aStaleMessageSendsNothing() {
    DeliveryOutcome outcome = deliver.deliver(ID, 1);

    assertThat(outcome.kind()).isEqualTo(DeliveryOutcome.Kind.STALE);
    assertThat(sent).isEmpty();
    assertThat(store.recorded).isEmpty();
  }

  @Test
  void aTwoHundredIsDeliveredWithItsLatencySinceTheTransition() {
    claimable(1);

    DeliveryOutcome outcome = deliver.deliver(ID, 1);

    assertThat(outcome)
        .isEqualTo(
            new DeliveryOutcome(DeliveryOutcome.Kind.DELIVERED, 200, null, Duration.ofMillis(250)));
    assertThat(sent).singleElement().satisfies(r -> assertThat(r.id()).isEqualTo(ID));
    assertThat(store.recorded).containsExactly(new DeliveryDecision.Delivered(200));
  }

  @Test
  void aFailureIsRecordedAsARetryWhileTheScheduleLasts() {
    claimable(2);
    answer = new DeliveryResult.Answered(503);

    DeliveryOutcome outcome = deliver.deliver(ID, 2);

    assertThat(outcome)
        .isEqualTo(new DeliveryOutcome(DeliveryOutcome.Kind.RETRY, 503, "http_status", null));
    assertThat(store.recorded)
        .containsExactly(
            new DeliveryDecision.Retry(NOW.plusSeconds(2), 503, DeliveryError.HTTP_STATUS));
  }

  @Test
  void theLastAttemptFails() {
    claimable(3);
    answer = new DeliveryResult.NoAnswer(DeliveryError.TIMEOUT, "slow");

    assertThat(deliver.deliver(ID, 3))
        .isEqualTo(new DeliveryOutcome(DeliveryOutcome.Kind.FAILED, null, "timeout", null));
  }

  @Test
  void goneIsItsOwnOutcome() {
    claimable(1);
    answer = new DeliveryResult.Answered(410);

    assertThat(deliver.deliver(ID, 1).kind()).isEqualTo(DeliveryOutcome.Kind.GONE);
  }

  @Test
  void anOutcomeSomeoneElseRecordedFirstIsStale() {
    claimable(1);
    store.recordSucceeds = false;

    assertThat(deliver.deliver(ID, 1).kind()).isEqualTo(DeliveryOutcome.Kind.STALE);
    assertThat(sent).hasSize(1);
  }

  @Test
  void deferringSchedulesTheSameAttemptLaterWithoutSpendingIt() {
    DeferDelivery defer =
        new DeferDelivery(store, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(2));

    assertThat(defer.defer(ID, 1).kind()).isEqualTo(DeliveryOutcome.Kind.DEFERRED);
    assertThat(store.deferredUntil).containsExactly(NOW.plusSeconds(2));
    store.deferSucceeds = false;
    assertThat(defer.defer(ID, 1).kind()).isEqualTo(DeliveryOutcome.Kind.STALE);
    assertThat(store.claimable).isNull();
  }

  @Test
  void outcomeKindsHaveLowercaseTags() {
    assertThat(DeliveryOutcome.Kind.DEFERRED.tag()).isEqualTo("deferred");
  }
}
