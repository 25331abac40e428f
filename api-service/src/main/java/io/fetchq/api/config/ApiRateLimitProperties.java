package io.fetchq.api.config;

import io.fetchq.api.tenants.domain.RateLimit;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the rate limiter ({@code fetchq.api.rate-limit.*}, API.md "Rate limits").
 *
 * @param keyPrefix prefix of the Redis keys of the buckets ({@code FETCHQ_RATE_LIMIT_KEY_PREFIX});
 *     instances sharing buckets must share it
 * @param global the bucket every tenant also draws from ({@code
 *     FETCHQ_RATE_LIMIT_GLOBAL_PER_SECOND}, {@code FETCHQ_RATE_LIMIT_GLOBAL_BURST}; default
 *     10000/s, burst 20000: it protects the deployment, it does not throttle a demo or a benchmark)
 * @param systemTenant replaces the stored limit of the built-in {@code system} tenant (whose key is
 *     the bootstrap admin key) when both values are set ({@code
 *     FETCHQ_RATE_LIMIT_SYSTEM_PER_SECOND}, {@code FETCHQ_RATE_LIMIT_SYSTEM_BURST}); unset: the
 *     stored limit (100/s, burst 200) applies
 * @param redisTimeout how long one Redis call may take before the request falls back
 * @param redisMaxInFlight how many rate-limit script calls may be outstanding at once; requests
 *     arriving meanwhile share the next call ({@code FETCHQ_RATE_LIMIT_REDIS_MAX_IN_FLIGHT})
 * @param redisMaxGroup how many requests one script call takes at most ({@code
 *     FETCHQ_RATE_LIMIT_REDIS_MAX_GROUP})
 * @param retryEvery how long Redis is left alone after a failure before one request probes it
 * @param tenantCacheTtl how long an instance uses a tenant's limit it read
 * @param localMaxTenants the most tenant buckets an instance keeps while falling back
 */
@Validated
@ConfigurationProperties("fetchq.api.rate-limit")
public record ApiRateLimitProperties(
    @DefaultValue("fetchq:rl:") @NotBlank String keyPrefix,
    @Valid @DefaultValue Bucket global,
    @Valid @DefaultValue SystemTenant systemTenant,
    @DefaultValue("250ms") @NotNull Duration redisTimeout,
    @DefaultValue("2") @Min(1) @Max(64) int redisMaxInFlight,
    @DefaultValue("64") @Min(1) @Max(1000) int redisMaxGroup,
    @DefaultValue("2s") @NotNull Duration retryEvery,
    @DefaultValue("10s") @NotNull Duration tenantCacheTtl,
    @DefaultValue("100000") @Min(1) long localMaxTenants) {

  /**
   * @param perSecond tokens added per second
   * @param burst the bucket size
   */
  public record Bucket(
      @DefaultValue("10000") @Min(1) int perSecond, @DefaultValue("20000") @Min(1) int burst) {

    /** As a domain limit (which checks the bounds). */
    public RateLimit toRateLimit() {
      return new RateLimit(perSecond, burst);
    }
  }

  /**
   * @param perSecond the system tenant's tokens per second, or null
   * @param burst the system tenant's bucket size, or null
   */
  public record SystemTenant(Integer perSecond, Integer burst) {

    /** The override, when both values are set. */
    public Optional<RateLimit> toRateLimit() {
      return perSecond == null || burst == null
          ? Optional.empty()
          : Optional.of(new RateLimit(perSecond, burst));
    }
  }
}
