package io.fetchq.api.jobs.domain;

import java.util.Objects;

/**
 * The delivery of a job's latest webhook event, as last recorded.
 *
 * @param status where the delivery stands
 * @param attempts delivery attempts made so far (since the last callback dead-letter replay)
 * @param lastResponseCode the receiver's last HTTP status code, or null when it has not answered
 */
public record CallbackDelivery(CallbackStatus status, int attempts, Integer lastResponseCode) {

  /** No attempt made yet: what a job shows before its event has a recorded delivery. */
  public static final CallbackDelivery NOT_ATTEMPTED =
      new CallbackDelivery(CallbackStatus.PENDING, 0, null);

  public CallbackDelivery {
    Objects.requireNonNull(status, "status");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must be >= 0");
    }
  }
}
