package io.fetchq.worker.fetch.domain;

import java.util.Objects;
import java.util.UUID;

/** Identifies a fetch job. */
public record JobId(UUID value) {

  public JobId {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
