package io.fetchq.api.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How an API instance remembers the API keys it looked up ({@code fetchq.api.api-keys.*}).
 *
 * @param cacheTtl how long a successful lookup is trusted, from when it started ({@code
 *     FETCHQ_API_KEY_CACHE_TTL}, default 2s). At most 4s, so a revoked key is refused by every
 *     instance within the 5 seconds API.md promises; 0 looks every request up.
 * @param cacheMaxEntries the most keys one instance remembers ({@code
 *     FETCHQ_API_KEY_CACHE_MAX_ENTRIES}, default 10000)
 */
@Validated
@ConfigurationProperties("fetchq.api.api-keys")
public record ApiKeyProperties(
    @DefaultValue("2s") @NotNull @DurationMin(seconds = 0) @DurationMax(seconds = 4)
        Duration cacheTtl,
    @DefaultValue("10000") @Min(0) long cacheMaxEntries) {}
