package io.fetchq.api.deadletters.domain;

import java.util.Objects;
import java.util.UUID;

/** Identifies a bulk replay run (a UUIDv7). */
public record ReplayRunId(UUID value) {

  public ReplayRunId {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
