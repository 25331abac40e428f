package io.fetchq.api.tenants.web;

import io.fetchq.api.tenants.domain.RateLimit;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** The {@code rateLimit} object of a tenant: both fields required, burst not below perSecond. */
@BurstNotBelowRate
@Schema(
    description =
        "Token bucket of the tenant: perSecond tokens are added every second, up to burst. A job"
            + " takes one token, a batch of N takes N.")
public record RateLimitRequest(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1", maximum = "100000")
        @NotNull(message = "is required") @Min(value = 1, message = "must be between 1 and 100000") @Max(value = RateLimit.MAX_PER_SECOND, message = "must be between 1 and 100000") Integer perSecond,
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            minimum = "1",
            maximum = "1000000",
            description = "Not below perSecond.")
        @NotNull(message = "is required") @Min(value = 1, message = "must be between 1 and 1000000") @Max(value = RateLimit.MAX_BURST, message = "must be between 1 and 1000000") Integer burst) {

  /** The domain value. Call only once validated. */
  RateLimit toRateLimit() {
    return new RateLimit(perSecond, burst);
  }
}
