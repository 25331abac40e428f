package io.fetchq.worker.fetch.domain;

import io.fetchq.kernel.jobs.JobStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * The recorded result of one attempt, and the job status it leads to. For now every response
 * completes the job and every error fails it; retries are decided here in a later issue, using
 * {@link #retryable()}.
 */
public sealed interface FetchOutcome {

  /** The attempt this outcome belongs to. */
  AttemptRef attempt();

  /** When the attempt finished. */
  Instant finishedAt();

  /** The status the job moves to. */
  JobStatus status();

  /** Whether another attempt may produce a different result. */
  boolean retryable();

  /** The outcome of {@code result} for the claimed {@code job}, finished at {@code now}. */
  static FetchOutcome of(ClaimedJob job, FetchResult result, Instant now) {
    return switch (result) {
      case FetchResponse response -> new Completed(job.ref(), response, now);
      case FetchError error -> new Failed(job.ref(), error, now);
    };
  }

  /** A final response was received: the job is completed, whatever the status code. */
  record Completed(AttemptRef attempt, FetchResponse response, Instant finishedAt)
      implements FetchOutcome {

    public Completed {
      Objects.requireNonNull(attempt, "attempt");
      Objects.requireNonNull(response, "response");
      Objects.requireNonNull(finishedAt, "finishedAt");
    }

    @Override
    public JobStatus status() {
      return JobStatus.COMPLETED;
    }

    @Override
    public boolean retryable() {
      return Retryability.isRetryable(response);
    }
  }

  /** No response: the job is failed with {@code error} as its last error. */
  record Failed(AttemptRef attempt, FetchError error, Instant finishedAt) implements FetchOutcome {

    public Failed {
      Objects.requireNonNull(attempt, "attempt");
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(finishedAt, "finishedAt");
    }

    @Override
    public JobStatus status() {
      return JobStatus.FAILED;
    }

    @Override
    public boolean retryable() {
      return Retryability.isRetryable(error);
    }
  }
}
