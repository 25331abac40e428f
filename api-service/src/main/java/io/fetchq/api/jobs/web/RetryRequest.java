package io.fetchq.api.jobs.web;

import io.fetchq.api.jobs.web.validation.DelayRange;
import io.fetchq.api.jobs.web.validation.DelaySettings;
import io.fetchq.kernel.jobs.RetryPolicy;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * The {@code retry} object of a job request. Every field is optional; a missing one takes the
 * default of {@link RetryPolicy#DEFAULT}.
 */
@DelayRange
@Schema(description = "When and how often a job is retried. Attempts include the first.")
public record RetryRequest(
    @Schema(defaultValue = "5", minimum = "1", maximum = "20")
        @Min(value = 1, message = "must be between 1 and 20") @Max(value = RetryPolicy.MAX_ATTEMPTS_LIMIT, message = "must be between 1 and 20") Integer maxAttempts,
    @Schema(defaultValue = "1000", minimum = "100", maximum = "86400000")
        @Min(value = MIN_DELAY_MS, message = "must be between 100 and 86400000") @Max(value = MAX_DELAY_MS, message = "must be between 100 and 86400000") Long initialDelayMs,
    @Schema(defaultValue = "2.0", minimum = "1", maximum = "10")
        @DecimalMin(value = "1.0", message = "must be between 1.0 and 10.0") @DecimalMax(value = "10.0", message = "must be between 1.0 and 10.0") Double multiplier,
    @Schema(
            defaultValue = "300000",
            minimum = "100",
            maximum = "86400000",
            description = "Not below initialDelayMs.")
        @Min(value = MIN_DELAY_MS, message = "must be between 100 and 86400000") @Max(value = MAX_DELAY_MS, message = "must be between 100 and 86400000") Long maxDelayMs)
    implements DelaySettings {

  static final long MIN_DELAY_MS = 100;
  static final long MAX_DELAY_MS = 86_400_000;

  /** The policy these settings describe, defaults applied. Call only once validated. */
  RetryPolicy toPolicy() {
    return new RetryPolicy(
        maxAttempts == null ? RetryPolicy.DEFAULT.maxAttempts() : maxAttempts,
        Duration.ofMillis(effectiveInitialDelayMs()),
        multiplier == null ? RetryPolicy.DEFAULT.multiplier() : multiplier,
        Duration.ofMillis(effectiveMaxDelayMs()));
  }

  @Override
  public long effectiveInitialDelayMs() {
    return initialDelayMs == null ? RetryPolicy.DEFAULT.initialDelay().toMillis() : initialDelayMs;
  }

  @Override
  public long effectiveMaxDelayMs() {
    return maxDelayMs == null ? RetryPolicy.DEFAULT.maxDelay().toMillis() : maxDelayMs;
  }
}
