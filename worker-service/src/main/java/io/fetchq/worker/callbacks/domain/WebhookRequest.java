package io.fetchq.worker.callbacks.domain;

import io.fetchq.contracts.webhooks.v1.WebhookSignatures;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One signed POST of a webhook (Standard Webhooks): the body unchanged and the headers {@code
 * content-type}, {@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature}.
 *
 * @param id the event
 * @param url where to POST
 * @param body the exact bytes to send
 * @param headers header names (lowercase) to values, in sending order
 */
public record WebhookRequest(EventId id, String url, byte[] body, Map<String, String> headers) {

  public WebhookRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(body, "body");
    headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /**
   * Signs {@code delivery} for sending at {@code unixSeconds} with every secret its tenant signs
   * with at that time ({@link SigningKeys#signingAt}).
   */
  public static WebhookRequest signed(ClaimedDelivery delivery, java.time.Instant sendingAt) {
    long timestamp = sendingAt.getEpochSecond();
    String id = delivery.id().toString();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    headers.put(WebhookSignatures.ID_HEADER, id);
    headers.put(WebhookSignatures.TIMESTAMP_HEADER, Long.toString(timestamp));
    headers.put(
        WebhookSignatures.SIGNATURE_HEADER,
        WebhookSignatures.sign(
            id, timestamp, delivery.payload(), delivery.keys().signingAt(sendingAt)));
    return new WebhookRequest(delivery.id(), delivery.url(), delivery.payload(), headers);
  }

  @Override
  public String toString() {
    return "WebhookRequest[id=" + id + ", bytes=" + body.length + "]";
  }
}
