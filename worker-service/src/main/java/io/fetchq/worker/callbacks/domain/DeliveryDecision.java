package io.fetchq.worker.callbacks.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * What to record after attempt {@code n} of a delivery. {@link #of} is the one place the rules
 * live: 2xx delivers; 410 fails for good ({@code gone}); anything else (another status, 3xx, no
 * answer) schedules the next attempt while the {@link RetrySchedule} has one, else fails. A refused
 * destination fails at once: it would be refused again.
 */
public sealed interface DeliveryDecision {

  /** The receiver's status code, null when it did not answer. */
  Integer statusCode();

  /** A 2xx answer. */
  record Delivered(Integer statusCode) implements DeliveryDecision {}

  /** Attempt again at {@code nextAttemptAt}. */
  record Retry(Instant nextAttemptAt, Integer statusCode, DeliveryError error)
      implements DeliveryDecision {

    public Retry {
      Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
      Objects.requireNonNull(error, "error");
    }
  }

  /** No further attempts: the callback dead-letter queue. */
  record Failed(Integer statusCode, DeliveryError error) implements DeliveryDecision {

    public Failed {
      Objects.requireNonNull(error, "error");
    }
  }

  /**
   * Decides the outcome of attempt {@code attempt}.
   *
   * @param now when the attempt ended
   * @param jitter uniform in [0, 1), see {@link RetrySchedule#delayAfter}
   */
  static DeliveryDecision of(
      DeliveryResult result, int attempt, RetrySchedule schedule, Instant now, double jitter) {
    Integer status = null;
    DeliveryError error;
    switch (result) {
      case DeliveryResult.Answered answered -> {
        status = answered.statusCode();
        if (status >= 200 && status < 300) {
          return new Delivered(status);
        }
        if (status == 410) {
          return new Failed(status, DeliveryError.GONE);
        }
        error = status >= 300 && status < 400 ? DeliveryError.REDIRECT : DeliveryError.HTTP_STATUS;
      }
      case DeliveryResult.NoAnswer noAnswer -> {
        error = noAnswer.error();
        if (error == DeliveryError.DESTINATION_REFUSED) {
          return new Failed(null, error);
        }
      }
    }
    if (schedule.hasNextAfter(attempt)) {
      return new Retry(now.plus(schedule.delayAfter(attempt, jitter)), status, error);
    }
    return new Failed(status, error);
  }
}
