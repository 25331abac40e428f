package io.fetchq.api.ratelimit.domain;

import java.util.Locale;

/** Which bucket refused a request: the caller's tenant's, or the one every tenant shares. */
public enum LimitScope {
  TENANT,
  GLOBAL;

  /** The lowercase name used in metrics and logs. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
