package io.fetchq.api.tenants.domain;

import java.util.Objects;
import java.util.UUID;

/** Identifies an API key (not secret: it names the key in the admin API and in logs). */
public record ApiKeyId(UUID value) {

  public ApiKeyId {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
