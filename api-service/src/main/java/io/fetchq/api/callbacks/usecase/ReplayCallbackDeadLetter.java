package io.fetchq.api.callbacks.usecase;

import io.fetchq.api.callbacks.domain.WebhookDelivery;
import io.fetchq.api.callbacks.domain.WebhookEventId;
import io.fetchq.api.deadletters.domain.AdminActor;
import io.fetchq.api.deadletters.usecase.ReplayMetrics;
import io.fetchq.api.jobs.usecase.Transactions;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.contracts.webhooks.v1.CallbackMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Replays one callback dead letter: in one transaction the failed delivery goes back to {@code
 * queued} for a new round (attempts 0, replay count + 1) and a {@link CallbackMessage} for attempt
 * 1 is enqueued under the same event id, so the receiver sees the same {@code webhook-id}. Another
 * tenant's event (for an operator outside the {@code system} tenant) is not found.
 */
public final class ReplayCallbackDeadLetter {

  private final CallbackDeadLetterRepository deadLetters;
  private final CallbackDispatches dispatches;
  private final Transactions transactions;
  private final Clock clock;
  private final ReplayMetrics metrics;

  public ReplayCallbackDeadLetter(
      CallbackDeadLetterRepository deadLetters,
      CallbackDispatches dispatches,
      Transactions transactions,
      Clock clock) {
    this(deadLetters, dispatches, transactions, clock, ReplayMetrics.NONE);
  }

  public ReplayCallbackDeadLetter(
      CallbackDeadLetterRepository deadLetters,
      CallbackDispatches dispatches,
      Transactions transactions,
      Clock clock,
      ReplayMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.dispatches = Objects.requireNonNull(dispatches, "dispatches");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public CallbackReplayOutcome replay(AdminActor actor, WebhookEventId id) {
    TenantId scope = actor.scope();
    CallbackReplayOutcome outcome =
        transactions.inTransaction(
            () -> {
              Optional<WebhookDelivery> found =
                  deadLetters
                      .lock(id)
                      .filter(entry -> scope == null || scope.equals(entry.tenantId()));
              if (found.isEmpty()) {
                return new CallbackReplayOutcome.NotFound();
              }
              WebhookDelivery entry = found.get();
              String refused = entry.notReplayableReason();
              if (refused != null) {
                return new CallbackReplayOutcome.NotReplayable(refused);
              }
              Instant now = clock.instant();
              deadLetters.markReplayed(List.of(id), now);
              dispatches.enqueue(firstAttempt(entry, now));
              return new CallbackReplayOutcome.Replayed(entry.replay());
            });
    if (outcome instanceof CallbackReplayOutcome.Replayed) {
      metrics.replayed(ReplayMetrics.Queue.CALLBACKS, ReplayMetrics.Mode.SINGLE, 1);
    }
    return outcome;
  }

  static CallbackMessage firstAttempt(WebhookDelivery entry, Instant now) {
    return new CallbackMessage(entry.id().value(), entry.tenantId().value(), 1, entry.host(), now);
  }
}
