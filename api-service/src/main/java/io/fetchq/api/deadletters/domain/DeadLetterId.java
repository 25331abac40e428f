package io.fetchq.api.deadletters.domain;

import java.util.Objects;
import java.util.UUID;

/** Identifies a dead-letter entry (a UUIDv7 the worker assigns when it records the entry). */
public record DeadLetterId(UUID value) {

  public DeadLetterId {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
