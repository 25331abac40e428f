package io.fetchq.api.batches.domain;

import java.util.Locale;

/**
 * Where a batch is: {@code running} while any of its jobs is not terminal, then {@code completed}.
 */
public enum BatchStatus {
  RUNNING,
  COMPLETED;

  /** The lowercase form used on the wire. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
