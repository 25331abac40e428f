package io.fetchq.api.config;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the dead-letter operations ({@code fetchq.api.dead-letters.*}).
 *
 * @param replayRate entries a bulk replay replays per second at most (cluster-wide: runs are driven
 *     one at a time), so a recovering target is not flooded ({@code
 *     FETCHQ_DEAD_LETTER_REPLAY_RATE})
 * @param replayBatchSize entries replayed per transaction at most
 * @param maxBulkReplays a bulk replay skips entries already replayed this many times ({@code
 *     FETCHQ_DEAD_LETTER_MAX_BULK_REPLAYS}); a single replay is never refused for its count
 * @param lease how long an instance holds a run without renewing its lease (a crashed instance's
 *     run is resumed by another after this)
 * @param idlePoll how often an instance looks for a run to drive when it has none
 * @param canaryPoll how often a canary's jobs are checked
 * @param canaryTimeout how long a canary's jobs may take before the run is aborted
 * @param driverEnabled whether this instance drives runs at all
 */
@Validated
@ConfigurationProperties("fetchq.api.dead-letters")
public record ApiDeadLetterProperties(
    @DefaultValue("50") @DecimalMin(value = "0.001") double replayRate,
    @DefaultValue("50") @Min(1) @Max(1000) int replayBatchSize,
    @DefaultValue("3") @Min(1) int maxBulkReplays,
    @DefaultValue("30s") @NotNull Duration lease,
    @DefaultValue("1s") @NotNull Duration idlePoll,
    @DefaultValue("1s") @NotNull Duration canaryPoll,
    @DefaultValue("15m") @NotNull Duration canaryTimeout,
    @DefaultValue("true") boolean driverEnabled) {}
