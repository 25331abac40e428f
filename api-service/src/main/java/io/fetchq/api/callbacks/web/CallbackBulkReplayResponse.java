package io.fetchq.api.callbacks.web;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer to a bulk callback replay.
 *
 * @param matched entries the filter matched, at most the limit
 * @param replayed entries queued again: matched, or 0 on a dry run
 */
public record CallbackBulkReplayResponse(
    int matched, @Schema(description = "0 on a dry run, which changes nothing.") int replayed) {}
