package io.fetchq.worker.fetch.domain;

import java.util.Objects;
import java.util.UUID;

/** Identifies the tenant owning a job. */
public record TenantId(UUID value) {

  public TenantId {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
