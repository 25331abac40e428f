package io.fetchq.api.callbacks.domain;

import java.util.Locale;

/** Where the delivery of a webhook event stands (changeset 0008, {@code webhook_deliveries}). */
public enum DeliveryState {
  /** Recorded by the database; its payload is not rendered yet. */
  NEW,
  /** Payload rendered; a callback message for the next attempt is on its way to a worker. */
  QUEUED,
  /** A worker is making an attempt. */
  SENDING,
  /** An attempt failed; the next is due at {@code next_attempt_at}. */
  SCHEDULED,
  /** The receiver answered 2xx. */
  DELIVERED,
  /** Given up: the callback dead-letter queue. */
  FAILED;

  /** The lowercase name stored in the database. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The state named {@code wire}.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static DeliveryState fromWire(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
