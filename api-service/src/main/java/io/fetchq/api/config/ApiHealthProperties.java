package io.fetchq.api.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Readiness checks of the API's dependencies ({@code fetchq.api.health.*}; ARCHITECTURE.md
 * "Health").
 *
 * @param timeout how long one Kafka or Redis check may take
 * @param cacheFor how long a check's result answers the probes before the check runs again
 */
@Validated
@ConfigurationProperties("fetchq.api.health")
public record ApiHealthProperties(
    @DefaultValue("1s") @NotNull Duration timeout,
    @DefaultValue("5s") @NotNull Duration cacheFor) {}
