package io.fetchq.worker.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Readiness check of the worker's Kafka cluster ({@code fetchq.worker.health.*}; ARCHITECTURE.md
 * "Health").
 *
 * @param timeout how long one check may take
 * @param cacheFor how long a check's result answers the probes before the check runs again
 */
@Validated
@ConfigurationProperties("fetchq.worker.health")
public record WorkerHealthProperties(
    @DefaultValue("1s") @NotNull Duration timeout,
    @DefaultValue("5s") @NotNull Duration cacheFor) {}
