package io.fetchq.worker.fetch.usecase;

import io.fetchq.worker.fetch.domain.FetchOutcome;

/**
 * What {@link RunFetchAttempt} reports for metrics. Implementations must be cheap and never throw.
 */
@FunctionalInterface
public interface AttemptObserver {

  /**
   * {@code outcome} is durable (its transaction committed) and moved its job row: called once per
   * attempt, never for a redelivered duplicate whose guarded update matched nothing.
   */
  void recorded(FetchOutcome outcome);

  /** Reports nothing. */
  AttemptObserver NONE = outcome -> {};
}
