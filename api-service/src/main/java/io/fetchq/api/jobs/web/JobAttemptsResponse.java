package io.fetchq.api.jobs.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * The attempts of a job as {@code GET /api/v1/jobs/{id}/attempts} shows them (API.md "Jobs"),
 * ordered by attempt number; a replayed job shows the attempts since its last replay.
 */
@Schema(description = "Every attempt of the job's current run, ordered by attempt number.")
public record JobAttemptsResponse(List<AttemptView> items) {

  /** One attempt. {@code statusCode} is null when no response arrived, {@code error} on success. */
  public record AttemptView(
      @Schema(description = "1-based attempt number.") int attempt,
      Instant startedAt,
      long durationMs,
      @Schema(allowableValues = {"completed", "retryable_error", "failed"}) String outcome,
      Integer statusCode,
      JobResponse.ErrorView error) {}
}
