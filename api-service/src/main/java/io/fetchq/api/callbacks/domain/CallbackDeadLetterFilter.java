package io.fetchq.api.callbacks.domain;

import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.contracts.webhooks.v1.WebhookEvent;
import java.time.Instant;

/**
 * Which callback dead-letter entries an operator means. Every part is optional (null matches
 * everything).
 *
 * @param tenant only this tenant's entries
 * @param type only events of this type (one of {@link WebhookEvent#TYPES})
 * @param since only entries that failed at or after this instant
 * @param until only entries that failed before this instant
 */
public record CallbackDeadLetterFilter(TenantId tenant, String type, Instant since, Instant until) {

  public CallbackDeadLetterFilter {
    if (type != null && !WebhookEvent.TYPES.contains(type)) {
      throw new IllegalArgumentException("unknown event type: " + type);
    }
    if (since != null && until != null && !since.isBefore(until)) {
      throw new IllegalArgumentException("since must be before until");
    }
  }

  /** Matches every entry. */
  public static CallbackDeadLetterFilter all() {
    return new CallbackDeadLetterFilter(null, null, null, null);
  }

  /** This filter limited to {@code scope}'s entries ({@code scope} null: unchanged). */
  public CallbackDeadLetterFilter within(TenantId scope) {
    return scope == null ? this : new CallbackDeadLetterFilter(scope, type, since, until);
  }

  /** Whether this filter names another tenant than {@code scope}, so matches nothing for it. */
  public boolean excludes(TenantId scope) {
    return scope != null && tenant != null && !tenant.equals(scope);
  }

  /** Whether {@code entry} matches, state aside (the same test the repository runs in SQL). */
  public boolean matches(WebhookDelivery entry) {
    return (tenant == null || tenant.equals(entry.tenantId()))
        && (type == null || type.equals(entry.type()))
        && (since == null || (entry.failedAt() != null && !entry.failedAt().isBefore(since)))
        && (until == null || (entry.failedAt() != null && entry.failedAt().isBefore(until)));
  }
}
