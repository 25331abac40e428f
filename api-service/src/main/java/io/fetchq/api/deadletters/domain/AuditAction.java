package io.fetchq.api.deadletters.domain;

import java.util.Locale;

/** What an operator did to the dead-letter queue. */
public enum AuditAction {
  REPLAY,
  BULK_REPLAY,
  DISCARD;

  /** The lowercase wire and database form ({@code bulk_replay}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the wire form.
   *
   * @throws IllegalArgumentException if {@code value} names no action
   */
  public static AuditAction fromWire(String value) {
    for (AuditAction action : values()) {
      if (action.wireName().equals(value)) {
        return action;
      }
    }
    throw new IllegalArgumentException("unknown audit action: " + value);
  }
}
