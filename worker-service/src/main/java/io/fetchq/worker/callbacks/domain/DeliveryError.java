package io.fetchq.worker.callbacks.domain;

/** Why an attempt failed, as stored in {@code webhook_deliveries.last_error}. */
public enum DeliveryError {
  /** The whole exchange did not finish within the delivery timeout. */
  TIMEOUT("timeout"),
  /** DNS, connect, TLS or I/O failure before a complete answer. */
  CONNECTION_ERROR("connection_error"),
  /** The callback URL's host is, or resolves only to, a refused address (API.md "Destinations"). */
  DESTINATION_REFUSED("destination_refused"),
  /** The receiver answered 3xx: redirects are not followed. */
  REDIRECT("redirect_not_followed"),
  /** The receiver answered with a status that is neither 2xx, 3xx nor 410. */
  HTTP_STATUS("http_status"),
  /** The receiver answered 410 Gone: no further attempts. */
  GONE("gone");

  private final String wireName;

  DeliveryError(String wireName) {
    this.wireName = wireName;
  }

  /** The stored form. */
  public String wireName() {
    return wireName;
  }
}
