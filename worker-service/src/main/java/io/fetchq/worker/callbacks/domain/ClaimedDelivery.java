package io.fetchq.worker.callbacks.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An attempt this worker claimed ({@code webhook_deliveries.state = 'sending'}): everything needed
 * to send it.
 *
 * @param id the event
 * @param tenantId the event's tenant
 * @param attempt the 1-based attempt
 * @param url the callback URL
 * @param payload the rendered JSON body, sent byte for byte
 * @param eventType e.g. {@code job.completed}
 * @param occurredAt when the transition happened (delivery latency is measured from here)
 * @param keys the tenant's signing secrets
 */
public record ClaimedDelivery(
    EventId id,
    UUID tenantId,
    int attempt,
    String url,
    byte[] payload,
    String eventType,
    Instant occurredAt,
    SigningKeys keys) {

  public ClaimedDelivery {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(keys, "keys");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1");
    }
  }
}
