package io.fetchq.api.deadletters.domain;

import java.util.Locale;

/**
 * Where a dead-letter entry is: {@code dead} while its job is failed and waiting for an operator,
 * {@code replayed} once its job went back to the queue. A replayed job that fails again makes the
 * worker set the same entry back to {@code dead}.
 */
public enum DeadLetterState {
  DEAD,
  REPLAYED;

  /** The lowercase form used in the database. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the wire form.
   *
   * @throws IllegalArgumentException if {@code value} names no state
   */
  public static DeadLetterState fromWire(String value) {
    for (DeadLetterState state : values()) {
      if (state.wireName().equals(value)) {
        return state;
      }
    }
    throw new IllegalArgumentException("unknown dead-letter state: " + value);
  }
}
