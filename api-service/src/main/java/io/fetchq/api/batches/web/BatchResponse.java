package io.fetchq.api.batches.web;

import io.fetchq.api.batches.domain.BatchCounts;
import io.fetchq.api.batches.domain.BatchProgress;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** A batch as {@code GET /api/v1/batches/{id}} shows it (API.md "Batches"). */
@Schema(description = "A batch and how far its jobs are.")
public record BatchResponse(
    UUID id,
    int size,
    @Schema(
            allowableValues = {"running", "completed"},
            description = "completed once every job is completed, failed or cancelled.")
        String status,
    Counts counts,
    Instant createdAt,
    @Schema(description = "When the last job became terminal; null while running.")
        Instant completedAt) {

  /** {@code progress} as GET shows it. */
  public static BatchResponse of(BatchProgress progress) {
    BatchCounts counts = progress.counts();
    return new BatchResponse(
        progress.batch().id().value(),
        progress.batch().size(),
        progress.status().wireName(),
        new Counts(
            counts.queued(),
            counts.running(),
            counts.retrying(),
            counts.completed(),
            counts.failed(),
            counts.cancelled()),
        progress.batch().createdAt(),
        progress.completedAt());
  }

  /** How many of the batch's jobs are in each status. */
  public record Counts(
      int queued, int running, int retrying, int completed, int failed, int cancelled) {}
}
