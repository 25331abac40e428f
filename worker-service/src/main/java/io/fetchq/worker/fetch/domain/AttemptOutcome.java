package io.fetchq.worker.fetch.domain;

import java.util.Locale;

/** How one attempt ended, as recorded in {@code job_attempts.outcome}. */
public enum AttemptOutcome {
  /** A final response: the job completed with it. */
  COMPLETED,
  /** A retryable failure that led to another attempt. */
  RETRYABLE_ERROR,
  /** A non-retryable failure, or a retryable one on the last allowed attempt: the job failed. */
  FAILED;

  /** The lowercase form stored in the database and shown by the API. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the stored form.
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
