package io.fetchq.api.deadletters.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * {@code POST /api/v1/admin/dead-letters/replay}.
 *
 * @param filter which entries (required; {@code {}} means every entry in the caller's scope)
 * @param limit at most this many entries, newest failures first (1..100000, default 10000)
 * @param dryRun only count (default false)
 * @param canary replay this many first and the rest only if all complete (1..1000; absent: none)
 */
public record BulkReplayRequest(
    @NotNull @Valid FilterBody filter,
    @Min(1) @Max(BulkReplayRequest.MAX_LIMIT) Integer limit,
    Boolean dryRun,
    @Min(1) @Max(1000) Integer canary) {

  static final int MAX_LIMIT = 100_000;
  static final int DEFAULT_LIMIT = 10_000;
}
