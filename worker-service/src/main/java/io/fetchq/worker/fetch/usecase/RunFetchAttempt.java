package io.fetchq.worker.fetch.usecase;

import io.fetchq.worker.fetch.domain.AttemptTiming;
import io.fetchq.worker.fetch.domain.ClaimedJob;
import io.fetchq.worker.fetch.domain.ErrorType;
import io.fetchq.worker.fetch.domain.FetchError;
import io.fetchq.worker.fetch.domain.FetchOutcome;
import io.fetchq.worker.fetch.domain.FetchResult;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * Runs one claimed attempt: fetch, decide the outcome, make it durable, then publish the message
 * that must follow it (the next attempt or the dead letter). The database is the source of truth:
 * the follow-up is published only after the outcome committed, and if this worker dies in between
 * the redelivered message finds the outcome recorded and publishes the follow-up again ({@link
 * io.fetchq.worker.fetch.domain.ClaimResult.FollowUpPending}).
 */
public final class RunFetchAttempt {

  private final Fetcher fetcher;
  private final OutcomeRecorder recorder;
  private final PublishFollowUp followUps;
  private final Clock clock;
  private final DoubleSupplier unitDraws;
  private final AttemptObserver observer;

  /**
   * @param unitDraws uniform draws from [0, 1) for the retry delay's jitter
   * @param observer told of every outcome that moved its job row (metrics)
   */
  public RunFetchAttempt(
      Fetcher fetcher,
      OutcomeRecorder recorder,
      PublishFollowUp followUps,
      Clock clock,
      DoubleSupplier unitDraws,
      AttemptObserver observer) {
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
    this.followUps = Objects.requireNonNull(followUps, "followUps");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.unitDraws = Objects.requireNonNull(unitDraws, "unitDraws");
    this.observer = Objects.requireNonNull(observer, "observer");
  }

  /**
   * Fetches {@code job} on the calling thread (blocking; meant for a virtual thread), tells {@code
   * fetched} the outcome as soon as the exchange with the destination is over (the destination's
   * slot is free from then on: the consumer loop lets the host's next job start while this outcome
   * commits), records the outcome and publishes its follow-up.
   *
   * @param dueAt when the attempt was due (the message's {@code notBefore}), or null
   * @param fetched called once on the calling thread, before the outcome is recorded; must not
   *     throw
   * @return the outcome, once it is durable and its follow-up acknowledged (or it was a duplicate
   *     no-op, which owes nothing)
   * @throws IllegalStateException when the outcome or its follow-up could not be made durable
   *     (shutdown); the message must then stay unfinished so that it is redelivered
   */
  public FetchOutcome run(ClaimedJob job, Instant dueAt, Consumer<FetchOutcome> fetched) {
    Instant startedAt = clock.instant();
    FetchResult result;
    try {
      result = fetcher.fetch(job.request());
    } catch (RuntimeException e) {
      result = new FetchError(ErrorType.IO, "unexpected error: " + e.getClass().getSimpleName());
    }
    Instant finishedAt = clock.instant();
    AttemptTiming timing =
        new AttemptTiming(
            dueAt, startedAt, finishedAt.isBefore(startedAt) ? startedAt : finishedAt);
    FetchOutcome outcome = FetchOutcome.decide(job, result, timing, unit());
    fetched.accept(outcome);
    boolean applied;
    try {
      applied = recorder.record(outcome).join();
    } catch (CompletionException e) {
      throw new IllegalStateException("outcome not durable", e.getCause());
    }
    if (applied) {
      observer.recorded(outcome);
      outcome.followUp().ifPresent(followUps::publish);
    }
    return outcome;
  }

  private double unit() {
    double draw = unitDraws.getAsDouble();
    return draw >= 0.0 && draw < 1.0 ? draw : 0.5;
  }
}
