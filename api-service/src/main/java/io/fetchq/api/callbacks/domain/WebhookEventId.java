package io.fetchq.api.callbacks.domain;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a webhook event: the {@code webhook_deliveries} row, the callback messages' key and
 * the {@code webhook-id} header, the same for every (re)delivery of the event.
 */
public record WebhookEventId(UUID value) {

  public WebhookEventId {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
