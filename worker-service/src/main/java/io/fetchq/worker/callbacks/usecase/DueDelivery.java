package io.fetchq.worker.callbacks.usecase;

import io.fetchq.worker.callbacks.domain.EventId;
import java.util.Objects;
import java.util.UUID;

/**
 * A scheduled delivery whose next attempt is due.
 *
 * @param id the event
 * @param tenantId its tenant
 * @param attempt the attempt to ask for ({@code attempts + 1})
 * @param host the callback URL's host key (the per-destination limit's key)
 */
public record DueDelivery(EventId id, UUID tenantId, int attempt, String host) {

  public DueDelivery {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(host, "host");
  }
}
