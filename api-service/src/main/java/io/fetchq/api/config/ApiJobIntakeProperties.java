package io.fetchq.api.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Group commit of single-job submissions without an idempotency key ({@code
 * fetchq.api.job-intake.*}, ARCHITECTURE.md "Accepting a job").
 *
 * @param committers how many group transactions may be in flight at once (each holds one pooled
 *     connection while it commits)
 * @param maxGroup the most jobs one transaction stores
 */
@Validated
@ConfigurationProperties("fetchq.api.job-intake")
public record ApiJobIntakeProperties(
    @DefaultValue("2") @Min(1) @Max(16) int committers,
    @DefaultValue("128") @Min(1) @Max(1000) int maxGroup) {}
