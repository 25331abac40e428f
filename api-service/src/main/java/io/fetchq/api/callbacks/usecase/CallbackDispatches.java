package io.fetchq.api.callbacks.usecase;

import io.fetchq.contracts.webhooks.v1.CallbackMessage;
import java.util.List;

/**
 * Hands callback messages to the workers through the transactional outbox: a message is published
 * if and only if the caller's transaction commits.
 */
public interface CallbackDispatches {

  /** Enqueues {@code messages} in their order; must run inside the caller's transaction. */
  void enqueueAll(List<CallbackMessage> messages);

  /** Enqueues {@code message}; must run inside the caller's transaction. */
  default void enqueue(CallbackMessage message) {
    enqueueAll(List.of(message));
  }
}
