package io.fetchq.api.jobs.domain;

import java.util.Locale;

/** How one attempt ended, as the worker records it in {@code job_attempts}. */
public enum AttemptOutcome {
  /** A final response: the job completed with it. */
  COMPLETED,
  /** A retryable failure (connection error, timeout, 408, 425, 429, 5xx of the retryable set). */
  RETRYABLE_ERROR,
  /** A non-retryable failure, or the last attempt failed: the job failed. */
  FAILED;

  /** The lowercase form used on the wire and in the database ({@code retryable_error}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the wire form.
   *
   * @throws IllegalArgumentException if {@code value} names no outcome
   */
  public static AttemptOutcome fromWire(String value) {
    for (AttemptOutcome outcome : values()) {
      if (outcome.wireName().equals(value)) {
        return outcome;
      }
    }
    throw new IllegalArgumentException("unknown attempt outcome: " + value);
  }
}
