package io.fetchq.worker.callbacks.usecase;

import io.fetchq.worker.callbacks.domain.ClaimedDelivery;
import io.fetchq.worker.callbacks.domain.DeliveryDecision;
import io.fetchq.worker.callbacks.domain.DeliveryError;
import io.fetchq.worker.callbacks.domain.DeliveryResult;
import io.fetchq.worker.callbacks.domain.EventId;
import io.fetchq.worker.callbacks.domain.RetrySchedule;
import io.fetchq.worker.callbacks.domain.WebhookRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Makes one attempt of one webhook delivery: claim (guarded by the attempt number; a stale message
 * does nothing), sign with the tenant's current secrets, POST, and record the decision {@link
 * DeliveryDecision#of} makes. The outcome is durable when this returns.
 */
public final class DeliverWebhook {

  private final DeliveryStore store;
  private final WebhookSender sender;
  private final RetrySchedule schedule;
  private final Clock clock;
  private final DoubleSupplier jitter;

  /**
   * @param jitter uniform in [0, 1)
   */
  public DeliverWebhook(
      DeliveryStore store,
      WebhookSender sender,
      RetrySchedule schedule,
      Clock clock,
      DoubleSupplier jitter) {
    this.store = Objects.requireNonNull(store, "store");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.jitter = Objects.requireNonNull(jitter, "jitter");
  }

  /** Makes attempt {@code attempt} of event {@code id}. */
  public DeliveryOutcome deliver(EventId id, int attempt) {
    Optional<ClaimedDelivery> claimed = store.claim(id, attempt);
    if (claimed.isEmpty()) {
      return DeliveryOutcome.of(DeliveryOutcome.Kind.STALE);
    }
    ClaimedDelivery delivery = claimed.get();
    DeliveryResult result = sender.send(WebhookRequest.signed(delivery, clock.instant()));
    Instant ended = clock.instant();
    DeliveryDecision decision =
        DeliveryDecision.of(result, attempt, schedule, ended, jitter.getAsDouble());
    if (!store.record(id, attempt, decision, ended)) {
      // another worker re-claimed this attempt (ours was presumed dead) and owns its outcome
      return DeliveryOutcome.of(DeliveryOutcome.Kind.STALE);
    }
    return switch (decision) {
      case DeliveryDecision.Delivered delivered ->
          new DeliveryOutcome(
              DeliveryOutcome.Kind.DELIVERED,
              delivered.statusCode(),
              null,
              Duration.between(delivery.occurredAt(), ended));
      case DeliveryDecision.Retry retry ->
          new DeliveryOutcome(
              DeliveryOutcome.Kind.RETRY, retry.statusCode(), retry.error().wireName(), null);
      case DeliveryDecision.Failed failed ->
          new DeliveryOutcome(
              failed.error() == DeliveryError.GONE
                  ? DeliveryOutcome.Kind.GONE
                  : DeliveryOutcome.Kind.FAILED,
              failed.statusCode(),
              failed.error().wireName(),
              null);
    };
  }
}
