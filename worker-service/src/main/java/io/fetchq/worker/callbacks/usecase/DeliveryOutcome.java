package io.fetchq.worker.callbacks.usecase;

import java.time.Duration;
import java.util.Objects;

/**
 * What handling one callback message did.
 *
 * @param kind the kind (also the metric tag)
 * @param statusCode the receiver's answer, null when none
 * @param error the stored error, null when none
 * @param latency for {@link Kind#DELIVERED}: from the event's occurrence to the 2xx answer; else
 *     null
 */
public record DeliveryOutcome(Kind kind, Integer statusCode, String error, Duration latency) {

  /** Outcome kinds; {@link #tag()} is the {@code outcome} metric tag. */
  public enum Kind {
    DELIVERED,
    RETRY,
    FAILED,
    GONE,
    DEFERRED,
    STALE;

    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public DeliveryOutcome {
    Objects.requireNonNull(kind, "kind");
  }

  static DeliveryOutcome of(Kind kind) {
    return new DeliveryOutcome(kind, null, null, null);
  }
}
