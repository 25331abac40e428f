package io.fetchq.api.callbacks.domain;

import io.fetchq.api.batches.domain.BatchId;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.contracts.webhooks.v1.WebhookEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * A webhook event the database recorded (state {@code new}) whose payload is not rendered yet.
 *
 * @param id the event id
 * @param tenantId the tenant whose job or batch it is
 * @param type one of {@link WebhookEvent#TYPES}
 * @param jobId the job of a {@code job.*} event, otherwise null
 * @param batchId the batch of a {@code batch.completed} event, otherwise null
 * @param url where the event is delivered
 * @param occurredAt when the transition happened: the event's {@code timestamp}
 */
public record NewWebhookEvent(
    WebhookEventId id,
    TenantId tenantId,
    String type,
    JobId jobId,
    BatchId batchId,
    String url,
    Instant occurredAt) {

  public NewWebhookEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(occurredAt, "occurredAt");
    if (!WebhookEvent.TYPES.contains(type)) {
      throw new IllegalArgumentException("unknown event type: " + type);
    }
    boolean batchEvent = WebhookEvent.BATCH_COMPLETED.equals(type);
    if (batchEvent ? batchId == null || jobId != null : jobId == null || batchId != null) {
      throw new IllegalArgumentException(
          type + " must name " + (batchEvent ? "a batch" : "a job") + " and nothing else");
    }
  }

  /** Whether the event is about a job ({@code job.*}), not a batch. */
  public boolean aboutJob() {
    return jobId != null;
  }
}
