package io.fetchq.api.config;

import com.github.benmanes.caffeine.cache.Ticker;
import io.fetchq.api.ratelimit.metrics.MicrometerRateLimitObserver;
import io.fetchq.api.ratelimit.persistence.CachingTenantRateLimits;
import io.fetchq.api.ratelimit.persistence.RedisBucketStore;
import io.fetchq.api.ratelimit.usecase.FailoverBucketStore;
import io.fetchq.api.ratelimit.usecase.LocalBucketStore;
import io.fetchq.api.ratelimit.usecase.RateLimitObserver;
import io.fetchq.api.ratelimit.usecase.RateLimiter;
import io.fetchq.api.ratelimit.usecase.TenantRateLimits;
import io.fetchq.api.ratelimit.usecase.TokenBucketRateLimiter;
import io.fetchq.api.ratelimit.web.RateLimitHeadersFilter;
import io.fetchq.api.ratelimit.web.RequestRecordingRateLimiter;
import io.fetchq.api.tenants.usecase.TenantRepository;
import io.micrometer.core.instrument.MeterRegistry;
import org.redisson.api.RedissonClient;
import org.redisson.spring.starter.RedissonAutoConfigurationCustomizer;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The rate limiter (API.md "Rate limits"): buckets in Redis behind a per-instance fallback, the
 * tenants' limits, metrics, the health detail, and the filter writing the RateLimit fields (added
 * to the security chain by {@link ApiSecurityConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiRateLimitProperties.class)
public class ApiRateLimitConfiguration {

  /**
   * Redisson connects on first use rather than at start-up, so the API starts (and limits locally)
   * while Redis is down.
   */
  @Bean
  RedissonAutoConfigurationCustomizer apiRedissonLazyStart() {
    return config -> config.setLazyInitialization(true);
  }

  @Bean
  RateLimitObserver apiRateLimitObserver(MeterRegistry meters) {
    return new MicrometerRateLimitObserver(meters);
  }

  @Bean
  FailoverBucketStore apiBucketStore(
      RedissonClient redisson, ApiRateLimitProperties properties, RateLimitObserver observer) {
    return new FailoverBucketStore(
        new RedisBucketStore(
            redisson,
            properties.keyPrefix(),
            properties.redisTimeout(),
            properties.redisMaxInFlight(),
            properties.redisMaxGroup(),
            observer::redisCall),
        new LocalBucketStore(() -> System.nanoTime() / 1000, properties.localMaxTenants()),
        properties.retryEvery(),
        System::nanoTime,
        observer);
  }

  @Bean
  TenantRateLimits apiTenantRateLimits(
      TenantRepository tenants, ApiRateLimitProperties properties) {
    return new CachingTenantRateLimits(
        tenants,
        properties.tenantCacheTtl(),
        properties.localMaxTenants(),
        properties.systemTenant().toRateLimit(),
        Ticker.systemTicker());
  }

  /** The limiter use cases call; it records each decision for the RateLimit fields. */
  @Bean
  RateLimiter apiRateLimiter(
      FailoverBucketStore store,
      TenantRateLimits limits,
      ApiRateLimitProperties properties,
      RateLimitObserver observer) {
    return new RequestRecordingRateLimiter(
        new TokenBucketRateLimiter(store, limits, properties.global().toRateLimit(), observer));
  }

  @Bean
  RateLimitHeadersFilter apiRateLimitHeadersFilter(RateLimiter limiter) {
    return new RateLimitHeadersFilter(limiter);
  }

  /** The filter runs inside the security chain only, not a second time as a servlet filter. */
  @Bean
  FilterRegistrationBean<RateLimitHeadersFilter> apiRateLimitHeadersFilterRegistration(
      RateLimitHeadersFilter filter) {
    FilterRegistrationBean<RateLimitHeadersFilter> registration =
        new FilterRegistrationBean<>(filter);
    registration.setEnabled(false);
    return registration;
  }

  /**
   * Component {@code apiRateLimiter} of {@code /actuator/health}: always UP (the fallback keeps
   * requests flowing, so readiness must not fail for Redis), with detail {@code mode} = {@code
   * redis} or {@code local-fallback}.
   */
  @Bean
  HealthIndicator apiRateLimiterHealthIndicator(FailoverBucketStore store) {
    return () -> Health.up().withDetail("mode", store.mode().wireName()).build();
  }
}
