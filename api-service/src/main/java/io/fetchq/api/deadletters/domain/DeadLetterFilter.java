package io.fetchq.api.deadletters.domain;

import io.fetchq.api.tenants.domain.TenantId;
import java.time.Instant;
import java.util.Locale;

/**
 * Which dead-letter entries an operator means. Every part is optional (null matches everything).
 *
 * @param tenant only this tenant's entries
 * @param host only entries whose URL host name (without port) is this, compared case-insensitively
 * @param errorType only entries whose last error has this type ({@code timeout}, {@code dns}, ...)
 * @param since only entries that failed at or after this instant
 * @param until only entries that failed before this instant
 * @param state only entries in this state
 */
public record DeadLetterFilter(
    TenantId tenant,
    String host,
    String errorType,
    Instant since,
    Instant until,
    DeadLetterState state) {

  public DeadLetterFilter {
    host = host == null ? null : host.toLowerCase(Locale.ROOT);
    if (since != null && until != null && !since.isBefore(until)) {
      throw new IllegalArgumentException("since must be before until");
    }
  }

  /** Matches every entry. */
  public static DeadLetterFilter all() {
    return new DeadLetterFilter(null, null, null, null, null, null);
  }

  /** This filter with {@code state}. */
  public DeadLetterFilter withState(DeadLetterState newState) {
    return new DeadLetterFilter(tenant, host, errorType, since, until, newState);
  }

  /** This filter limited to {@code scope}'s entries ({@code scope} null: unchanged). */
  public DeadLetterFilter within(TenantId scope) {
    return scope == null ? this : new DeadLetterFilter(scope, host, errorType, since, until, state);
  }

  /**
   * Whether this filter can match nothing for a caller limited to {@code scope}: it names another
   * tenant.
   */
  public boolean excludes(TenantId scope) {
    return scope != null && tenant != null && !tenant.equals(scope);
  }

  /** Whether {@code entry} matches (the same test the repositories run in SQL). */
  public boolean matches(DeadLetter entry) {
    return (tenant == null || tenant.equals(entry.tenantId()))
        && (host == null || host.equals(entry.host()))
        && (errorType == null || errorType.equals(entry.lastError().type()))
        && (since == null || !entry.failedAt().isBefore(since))
        && (until == null || entry.failedAt().isBefore(until))
        && (state == null || state == entry.state());
  }
}
