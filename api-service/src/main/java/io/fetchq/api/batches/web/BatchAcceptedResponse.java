package io.fetchq.api.batches.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The answer to {@code POST /api/v1/batches}: the batch and its jobs' ids in submission order. */
@Schema(description = "An accepted batch: every job in it is durable and queued.")
public record BatchAcceptedResponse(
    UUID id,
    int size,
    @Schema(allowableValues = {"running"}) String status,
    @Schema(description = "The jobs' ids, in the order the jobs were submitted.") List<UUID> jobIds,
    Instant createdAt) {}
