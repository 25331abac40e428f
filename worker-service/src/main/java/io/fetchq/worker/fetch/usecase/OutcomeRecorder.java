package io.fetchq.worker.fetch.usecase;

import io.fetchq.worker.fetch.domain.FetchOutcome;
import java.util.concurrent.CompletableFuture;

/** Port: makes attempt outcomes durable. */
public interface OutcomeRecorder {

  /**
   * Records {@code outcome} if its attempt is still the job's running attempt.
   *
   * @return completes once the outcome is durable: {@code true} when it was applied, {@code false}
   *     when it was a no-op (the attempt had already been recorded or is no longer running);
   *     completes exceptionally only when the recorder is shutting down and could not write it
   */
  CompletableFuture<Boolean> record(FetchOutcome outcome);
}
