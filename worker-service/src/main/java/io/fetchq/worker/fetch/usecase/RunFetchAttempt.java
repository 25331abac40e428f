package io.fetchq.worker.fetch.usecase;

import io.fetchq.worker.fetch.domain.ClaimedJob;
import io.fetchq.worker.fetch.domain.ErrorType;
import io.fetchq.worker.fetch.domain.FetchError;
import io.fetchq.worker.fetch.domain.FetchOutcome;
import io.fetchq.worker.fetch.domain.FetchResult;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** Runs one claimed attempt: fetch, decide the outcome, hand it to the recorder. */
public final class RunFetchAttempt {

  private final Fetcher fetcher;
  private final OutcomeRecorder recorder;
  private final Clock clock;

  public RunFetchAttempt(Fetcher fetcher, OutcomeRecorder recorder, Clock clock) {
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Fetches {@code job} on the calling thread (blocking; meant for a virtual thread) and submits
   * the outcome.
   *
   * @return completes with the outcome once it is durable (see {@link OutcomeRecorder#record})
   */
  public CompletableFuture<FetchOutcome> run(ClaimedJob job) {
    FetchResult result;
    try {
      result = fetcher.fetch(job.request());
    } catch (RuntimeException e) {
      result = new FetchError(ErrorType.IO, "unexpected error: " + e.getClass().getSimpleName());
    }
    FetchOutcome outcome = FetchOutcome.of(job, result, clock.instant());
    return recorder.record(outcome).thenApply(applied -> outcome);
  }
}
