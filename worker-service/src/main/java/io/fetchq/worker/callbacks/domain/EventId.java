package io.fetchq.worker.callbacks.domain;

import java.util.Objects;
import java.util.UUID;

/**
 * A webhook event's id: the {@code webhook_deliveries} row id and the {@code webhook-id} header.
 */
public record EventId(UUID value) {

  public EventId {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
