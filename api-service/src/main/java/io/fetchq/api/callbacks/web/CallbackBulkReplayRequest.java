package io.fetchq.api.callbacks.web;

import io.fetchq.api.callbacks.usecase.ReplayCallbackDeadLetters;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * {@code POST /api/v1/admin/callback-dead-letters/replay}.
 *
 * @param filter which entries (required; {@code {}} means every entry in the caller's scope)
 * @param limit at most this many entries, newest failures first (1..10000, default 1000)
 * @param dryRun only count (default false)
 */
public record CallbackBulkReplayRequest(
    @NotNull @Valid CallbackFilterBody filter,
    @Schema(defaultValue = "1000") @Min(1) @Max(ReplayCallbackDeadLetters.MAX_LIMIT) Integer limit,
    @Schema(defaultValue = "false") Boolean dryRun) {

  static final int DEFAULT_LIMIT = 1000;
}
