package io.fetchq.api.streams.web;

import java.time.Duration;

/**
 * How long one event stream lasts at most before the server completes it (the client reconnects).
 *
 * @param value positive
 */
public record StatusStreamLifetime(Duration value) {
  public StatusStreamLifetime {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("value must be positive");
    }
  }
}
