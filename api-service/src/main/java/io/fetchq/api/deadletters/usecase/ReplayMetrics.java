package io.fetchq.api.deadletters.usecase;

/**
 * What the dead-letter replays report for metrics, once their transaction committed.
 * Implementations must be cheap and never throw.
 */
@FunctionalInterface
public interface ReplayMetrics {

  /** Which dead-letter queue an entry was replayed from. */
  enum Queue {
    /** failed jobs ({@code /admin/dead-letters}) */
    JOBS,
    /** undeliverable webhook events ({@code /admin/callback-dead-letters}) */
    CALLBACKS
  }

  /** How it was replayed. */
  enum Mode {
    /** one entry by id */
    SINGLE,
    /** a filter: a bulk replay run (jobs) or request (callbacks) */
    BULK
  }

  /** {@code entries} (at least 1) were replayed and committed. */
  void replayed(Queue queue, Mode mode, int entries);

  /** Reports nothing. */
  ReplayMetrics NONE = (queue, mode, entries) -> {};
}
