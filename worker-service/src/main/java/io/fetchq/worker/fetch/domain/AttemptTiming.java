package io.fetchq.worker.fetch.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When an attempt was due, started and finished.
 *
 * @param dueAt when the attempt was due (a retry's {@code notBefore}); null for an attempt due at
 *     once (the first)
 * @param startedAt when the request started
 * @param finishedAt when the response was read or the request failed
 */
public record AttemptTiming(Instant dueAt, Instant startedAt, Instant finishedAt) {

  public AttemptTiming {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    if (finishedAt.isBefore(startedAt)) {
      throw new IllegalArgumentException("finishedAt must not be before startedAt");
    }
  }

  /** How long the attempt took, in milliseconds. */
  public long durationMs() {
    return Duration.between(startedAt, finishedAt).toMillis();
  }
}
