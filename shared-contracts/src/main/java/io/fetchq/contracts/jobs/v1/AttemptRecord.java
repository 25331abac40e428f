package io.fetchq.contracts.jobs.v1;

import java.time.Instant;
import java.util.Objects;

/**
 * One attempt of a job, as carried in a {@link DeadLetterMessage}.
 *
 * @param attempt the 1-based attempt number
 * @param startedAt when the attempt started
 * @param durationMs how long it took
 * @param outcome {@code completed}, {@code retryable_error} or {@code failed}
 * @param statusCode the HTTP status received, or null
 * @param errorType the error type (API.md {@code lastError.type}), or null
 * @param errorMessage the error message, or null
 */
public record AttemptRecord(
    int attempt,
    Instant startedAt,
    long durationMs,
    String outcome,
    Integer statusCode,
    String errorType,
    String errorMessage) {

  public AttemptRecord {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(outcome, "outcome");
  }
}
