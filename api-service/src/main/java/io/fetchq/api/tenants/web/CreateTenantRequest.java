package io.fetchq.api.tenants.web;

import io.fetchq.api.tenants.domain.RateLimit;
import io.fetchq.api.tenants.domain.TenantName;
import io.fetchq.api.tenants.usecase.CreateTenantCommand;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** The body of {@code POST /api/v1/admin/tenants}. Unknown fields are refused. */
@Schema(description = "A tenant to create. Only name is required.")
public record CreateTenantRequest(
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            example = "acme",
            pattern = TenantName.PATTERN,
            maxLength = 63,
            description =
                "Unique. 1 to 63 lowercase letters, digits or hyphens, not starting or ending with"
                    + " a hyphen.")
        @NotNull(message = "is required") @Pattern(regexp = TenantName.PATTERN, message = TenantName.RULE) String name,
    @Schema(description = "Default: perSecond 100, burst 200.") @Valid RateLimitRequest rateLimit) {

  /** The command, defaults applied. Call only once validated. */
  CreateTenantCommand toCommand() {
    return new CreateTenantCommand(
        new TenantName(name), rateLimit == null ? RateLimit.DEFAULT : rateLimit.toRateLimit());
  }
}
