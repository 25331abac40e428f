package io.fetchq.api.deadletters.web;

import java.util.UUID;

/**
 * The answer to a bulk replay.
 *
 * @param matched entries the request matched (at most its limit)
 * @param replayed entries scheduled for replay by the run (equal to {@code matched}); 0 on a dry
 *     run
 * @param dryRun whether it was a dry run
 * @param runId the run replaying them, null on a dry run
 * @param canary the canary size, or null
 */
public record BulkReplayResponse(
    int matched, int replayed, boolean dryRun, UUID runId, Integer canary) {}
