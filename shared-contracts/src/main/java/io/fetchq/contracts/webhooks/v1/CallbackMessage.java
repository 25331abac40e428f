package io.fetchq.contracts.webhooks.v1;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Asks a worker to make attempt {@code attempt} of delivering webhook event {@code eventId}.
 * Published to {@link io.fetchq.contracts.Topics#CALLBACKS} keyed by the event id. The payload, URL
 * and signing secrets are read from the {@code webhook_deliveries} row when the worker claims the
 * attempt (guarded by the attempt number), so a duplicate message delivers nothing twice.
 *
 * @param eventId the event (row id, and the {@code webhook-id} header)
 * @param tenantId the event's tenant, for logs and metrics
 * @param attempt the 1-based attempt this message asks for (1 again after an operator replay)
 * @param host the callback URL's host, lowercase, IPv6 without brackets: the per-destination limit
 *     is applied before the attempt is claimed
 * @param enqueuedAt when this message was published
 */
public record CallbackMessage(
    UUID eventId, UUID tenantId, int attempt, String host, Instant enqueuedAt) {

  /** The value of the {@code fetchq-type} record header for this message. */
  public static final String TYPE = "callback.v1";

  public CallbackMessage {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(enqueuedAt, "enqueuedAt");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1");
    }
  }
}
