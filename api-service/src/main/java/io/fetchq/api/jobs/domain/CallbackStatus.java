package io.fetchq.api.jobs.domain;

import java.util.Locale;

/** Where the delivery of a job's terminal event to its {@code callbackUrl} stands. */
public enum CallbackStatus {
  /** Not delivered yet: waiting to be sent, being sent, or waiting for a redelivery. */
  PENDING,
  /** The receiver answered 2xx. */
  DELIVERED,
  /** Given up: the redelivery schedule is exhausted or the receiver answered 410 (callback DLQ). */
  FAILED;

  /** The lowercase name shown in the API. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The status of a {@code webhook_deliveries} row in {@code state}: {@code new}, {@code queued},
   * {@code sending} and {@code scheduled} are pending, {@code delivered} delivered, {@code failed}
   * failed.
   *
   * @throws IllegalArgumentException for any other state
   */
  public static CallbackStatus ofDeliveryState(String state) {
    return switch (state) {
      case "new", "queued", "sending", "scheduled" -> PENDING;
      case "delivered" -> DELIVERED;
      case "failed" -> FAILED;
      default -> throw new IllegalArgumentException("unknown delivery state: " + state);
    };
  }
}
