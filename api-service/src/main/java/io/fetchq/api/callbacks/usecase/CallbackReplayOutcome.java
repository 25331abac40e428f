package io.fetchq.api.callbacks.usecase;

import io.fetchq.api.callbacks.domain.WebhookDelivery;

/** What replaying one callback dead letter did. */
public sealed interface CallbackReplayOutcome {

  /** Queued again for delivery, attempt 1, same event id; {@code entry} is its new state. */
  record Replayed(WebhookDelivery entry) implements CallbackReplayOutcome {}

  /** No such event in the operator's scope. */
  record NotFound() implements CallbackReplayOutcome {}

  /** The event is not a replayable dead letter; {@code reason} says why (client-facing). */
  record NotReplayable(String reason) implements CallbackReplayOutcome {}
}
