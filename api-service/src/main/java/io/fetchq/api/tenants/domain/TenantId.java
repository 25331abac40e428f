package io.fetchq.api.tenants.domain;

import java.util.Objects;
import java.util.UUID;

/** Identifies a tenant. Every job, batch and dead letter belongs to exactly one. */
public record TenantId(UUID value) {

  /** The built-in tenant that owns the bootstrap admin key (seeded by the changelog). */
  public static final TenantId SYSTEM =
      new TenantId(UUID.fromString("00000000-0000-0000-0000-000000000001"));

  public TenantId {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
