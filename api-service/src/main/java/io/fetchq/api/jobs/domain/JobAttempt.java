package io.fetchq.api.jobs.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One attempt of a job that reached its target or failed trying, as the worker recorded it.
 *
 * @param attempt the 1-based attempt number within the job's generation
 * @param startedAt when the attempt started
 * @param durationMs how long it took, connect to last byte or to the failure
 * @param outcome how it ended
 * @param statusCode the HTTP status received, or null when no response arrived
 * @param error why it failed, or null when it produced a final response
 */
public record JobAttempt(
    int attempt,
    Instant startedAt,
    long durationMs,
    AttemptOutcome outcome,
    Integer statusCode,
    JobError error) {

  public JobAttempt {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(outcome, "outcome");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1");
    }
    if (durationMs < 0) {
      throw new IllegalArgumentException("durationMs must be >= 0");
    }
  }
}
