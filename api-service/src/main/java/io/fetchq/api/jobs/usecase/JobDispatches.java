package io.fetchq.api.jobs.usecase;

import io.fetchq.contracts.jobs.v1.FetchJobMessage;

/**
 * Hands job messages to the workers. {@link #enqueue} writes to the transactional outbox, so the
 * message is published if and only if the caller's transaction commits.
 */
public interface JobDispatches {

  /** Enqueues {@code message}; must run inside the caller's transaction ({@link Transactions}). */
  void enqueue(FetchJobMessage message);
}
