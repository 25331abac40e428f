package io.fetchq.worker.fetch.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One recorded attempt of a job ({@code job_attempts}), as a dead letter carries it.
 *
 * @param attempt the 1-based attempt number
 * @param startedAt when it started
 * @param durationMs how long it took
 * @param outcome how it ended
 * @param statusCode the HTTP status received, or null
 * @param errorType the error type, or null
 * @param errorMessage the error message, or null
 */
public record PastAttempt(
    int attempt,
    Instant startedAt,
    long durationMs,
    AttemptOutcome outcome,
    Integer statusCode,
    String errorType,
    String errorMessage) {

  public PastAttempt {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(outcome, "outcome");
  }
}
