package io.fetchq.api.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Idempotency keys ({@code fetchq.api.idempotency.*}).
 *
 * @param ttl how long a key is kept after its first use ({@code FETCHQ_IDEMPOTENCY_KEY_TTL}); at
 *     least 24 hours, as API.md promises
 * @param purgeInterval the pause between two purges of expired keys ({@code
 *     FETCHQ_IDEMPOTENCY_PURGE_INTERVAL})
 * @param purgeBatchSize the most keys one purge statement deletes
 */
@Validated
@ConfigurationProperties("fetchq.api.idempotency")
public record ApiIdempotencyProperties(
    @DefaultValue("24h") @NotNull @DurationMin(hours = 24) Duration ttl,
    @DefaultValue("5m") @NotNull @DurationMin(seconds = 1) Duration purgeInterval,
    @DefaultValue("1000") @Min(1) @Max(100_000) int purgeBatchSize) {}
