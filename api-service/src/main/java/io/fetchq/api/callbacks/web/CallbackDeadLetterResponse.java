package io.fetchq.api.callbacks.web;

import io.fetchq.api.callbacks.domain.WebhookDelivery;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** One entry of the callback dead-letter queue: a webhook event whose delivery was given up. */
@Schema(description = "A webhook event whose delivery was given up (or, after a replay, queued).")
public record CallbackDeadLetterResponse(
    @Schema(description = "The event id: the webhook-id header of every delivery of the event.")
        UUID id,
    UUID tenantId,
    @Schema(allowableValues = {"job.completed", "job.failed", "job.cancelled", "batch.completed"})
        String type,
    @Schema(description = "The job of a job.* event; null for batch.completed.") UUID jobId,
    @Schema(description = "The batch of a batch.completed event; null for job.* events.")
        UUID batchId,
    String url,
    @Schema(description = "Delivery attempts made in the last round.") int attempts,
    @Schema(description = "The receiver's last HTTP status code; null if it never answered.")
        Integer lastResponseCode,
    @Schema(description = "Why the last attempt failed; null after a replay.") String lastError,
    @Schema(description = "When delivery was given up; null after a replay.") Instant failedAt,
    @Schema(description = "How often an operator replayed the event.") int replayCount) {

  static CallbackDeadLetterResponse of(WebhookDelivery entry) {
    return new CallbackDeadLetterResponse(
        entry.id().value(),
        entry.tenantId().value(),
        entry.type(),
        entry.jobId() == null ? null : entry.jobId().value(),
        entry.batchId() == null ? null : entry.batchId().value(),
        entry.url(),
        entry.attempts(),
        entry.lastResponseCode(),
        entry.lastError(),
        entry.failedAt(),
        entry.replayCount());
  }
}
