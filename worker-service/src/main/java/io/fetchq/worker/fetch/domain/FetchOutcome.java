package io.fetchq.worker.fetch.domain;

import io.fetchq.kernel.jobs.JobStatus;
import io.fetchq.kernel.jobs.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The decided result of one attempt: the job status it leads to, what is recorded, and the message
 * that must follow once it is durable. Decided by {@link #decide}:
 *
 * <ul>
 *   <li>a final response (any status that is not retryable) → {@link Completed};
 *   <li>a retryable result (connection errors, timeouts, 408, 425, 429, 500, 502, 503, 504) while
 *       the policy allows another attempt → {@link Retrying}, due after the policy's jittered delay
 *       or the target's {@code Retry-After}, whichever is longer, capped at {@code maxDelay};
 *   <li>otherwise → {@link Failed}: a non-retryable error, or a retryable one on the last attempt
 *       (a retryable status leaves {@code lastError = http_status}, and its response is kept as the
 *       job's result).
 * </ul>
 */
public sealed interface FetchOutcome {

  /** The claimed attempt. */
  ClaimedJob job();

  /** When it was due, started and finished. */
  AttemptTiming timing();

  /** What the exchange produced. */
  FetchResult result();

  /** The status the job moves to. */
  JobStatus status();

  /** How the attempt is recorded in the job's history. */
  AttemptOutcome attemptOutcome();

  /** The job's {@code lastError} after this attempt; empty when it completed. */
  Optional<JobError> lastError();

  /** The message to publish once the outcome is durable. */
  Optional<FollowUp> followUp();

  /** The attempt this outcome belongs to. */
  default AttemptRef attempt() {
    return job().ref();
  }

  /** When the attempt finished. */
  default Instant finishedAt() {
    return timing().finishedAt();
  }

  /** The response to keep as the job's result: a completed job's, or an exhausted status's. */
  default Optional<FetchResponse> storedResponse() {
    return Optional.empty();
  }

  /**
   * Decides the outcome of {@code result} for {@code job}.
   *
   * @param unitDraw a uniform draw from [0, 1) for the retry delay's jitter
   */
  static FetchOutcome decide(
      ClaimedJob job, FetchResult result, AttemptTiming timing, double unitDraw) {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(timing, "timing");
    if (result instanceof FetchResponse response && !Retryability.isRetryable(response)) {
      return new Completed(job, timing, response);
    }
    RetryPolicy policy = job.policy();
    if (Retryability.isRetryable(result) && policy.allowsAnotherAfter(job.attempt())) {
      Duration retryAfter =
          result instanceof FetchResponse response
              ? RetryAfter.parse(response.headers().get("retry-after"), timing.finishedAt())
                  .orElse(null)
              : null;
      Duration delay = policy.delayBefore(job.attempt() + 1, unitDraw, retryAfter);
      return new Retrying(job, timing, result, timing.finishedAt().plus(delay));
    }
    return new Failed(job, timing, result);
  }

  /** A final response was received: the job is completed, whatever the status code. */
  record Completed(ClaimedJob job, AttemptTiming timing, FetchResponse response)
      implements FetchOutcome {

    public Completed {
      Objects.requireNonNull(job, "job");
      Objects.requireNonNull(timing, "timing");
      Objects.requireNonNull(response, "response");
    }

    @Override
    public FetchResult result() {
      return response;
    }

    @Override
    public JobStatus status() {
      return JobStatus.COMPLETED;
    }

    @Override
    public AttemptOutcome attemptOutcome() {
      return AttemptOutcome.COMPLETED;
    }

    @Override
    public Optional<JobError> lastError() {
      return Optional.empty();
    }

    @Override
    public Optional<FollowUp> followUp() {
      return Optional.empty();
    }

    @Override
    public Optional<FetchResponse> storedResponse() {
      return Optional.of(response);
    }
  }

  /** A retryable result with attempts left: attempt N+1 is due at {@code nextAttemptAt}. */
  record Retrying(ClaimedJob job, AttemptTiming timing, FetchResult result, Instant nextAttemptAt)
      implements FetchOutcome {

    public Retrying {
      Objects.requireNonNull(job, "job");
      Objects.requireNonNull(timing, "timing");
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    }

    @Override
    public JobStatus status() {
      return JobStatus.RETRYING;
    }

    @Override
    public AttemptOutcome attemptOutcome() {
      return AttemptOutcome.RETRYABLE_ERROR;
    }

    @Override
    public Optional<JobError> lastError() {
      return Optional.of(JobError.of(result, null));
    }

    @Override
    public Optional<FollowUp> followUp() {
      return Optional.of(
          new FollowUp.Retry(
              job.jobId(),
              job.tenantId(),
              job.generation(),
              job.attempt() + 1,
              nextAttemptAt,
              FollowUp.hostOf(job.request().url().toString())));
    }
  }

  /** The job failed for good: a non-retryable error, or its attempts are exhausted. */
  record Failed(ClaimedJob job, AttemptTiming timing, FetchResult result) implements FetchOutcome {

    public Failed {
      Objects.requireNonNull(job, "job");
      Objects.requireNonNull(timing, "timing");
      Objects.requireNonNull(result, "result");
    }

    @Override
    public JobStatus status() {
      return JobStatus.FAILED;
    }

    @Override
    public AttemptOutcome attemptOutcome() {
      return AttemptOutcome.FAILED;
    }

    @Override
    public Optional<JobError> lastError() {
      int attempts = job.attempt();
      return Optional.of(
          JobError.of(result, "after " + attempts + (attempts == 1 ? " attempt" : " attempts")));
    }

    @Override
    public Optional<FollowUp> followUp() {
      return Optional.of(
          new FollowUp.DeadLetter(
              job.jobId(),
              job.tenantId(),
              job.generation(),
              job.request().url().toString(),
              timing.finishedAt(),
              lastError().orElseThrow()));
    }

    @Override
    public Optional<FetchResponse> storedResponse() {
      return result instanceof FetchResponse response ? Optional.of(response) : Optional.empty();
    }
  }
}
