package io.fetchq.api.deadletters.domain;

import java.util.Locale;

/**
 * Where a bulk replay run is: {@code running} until every item was processed ({@code completed}) or
 * it was stopped ({@code aborted}: its canary did not complete). Both end states are final.
 */
public enum ReplayRunState {
  RUNNING,
  COMPLETED,
  ABORTED;

  /** The lowercase wire and database form. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the wire form.
   *
   * @throws IllegalArgumentException if {@code value} names no state
   */
  public static ReplayRunState fromWire(String value) {
    for (ReplayRunState state : values()) {
      if (state.wireName().equals(value)) {
        return state;
      }
    }
    throw new IllegalArgumentException("unknown replay run state: " + value);
  }
}
