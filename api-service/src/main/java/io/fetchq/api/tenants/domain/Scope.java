package io.fetchq.api.tenants.domain;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** What an API key may do. {@code admin} implies every other scope. */
public enum Scope {
  JOBS_READ("jobs:read"),
  JOBS_WRITE("jobs:write"),
  ADMIN("admin");

  private final String wireName;

  Scope(String wireName) {
    this.wireName = wireName;
  }

  /**
   * The form used on the wire and in stored keys: {@code jobs:read}, {@code jobs:write}, {@code
   * admin}.
   */
  public String wireName() {
    return wireName;
  }

  /** The scopes a key holding this scope is granted, this one included. */
  public Set<Scope> implied() {
    return this == ADMIN ? EnumSet.allOf(Scope.class) : EnumSet.of(this);
  }

  /** The scope named {@code value} (case-insensitive), or empty when there is none. */
  public static Optional<Scope> fromWire(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String normalized = value.strip().toLowerCase(Locale.ROOT);
    for (Scope scope : values()) {
      if (scope.wireName.equals(normalized)) {
        return Optional.of(scope);
      }
    }
    return Optional.empty();
  }
}
