package io.fetchq.api.jobs.usecase;

import io.fetchq.contracts.jobs.v1.FetchJobMessage;
import java.util.List;

/**
 * Hands job messages to the workers. {@link #enqueue} writes to the transactional outbox, so the
 * message is published if and only if the caller's transaction commits.
 */
public interface JobDispatches {

  /** Enqueues {@code message}; must run inside the caller's transaction ({@link Transactions}). */
  void enqueue(FetchJobMessage message);

  /**
   * Enqueues {@code messages} in their order; must run inside the caller's transaction. Adapters
   * write them in bulk; the default enqueues them one by one.
   */
  default void enqueueAll(List<FetchJobMessage> messages) {
    messages.forEach(this::enqueue);
  }
}
