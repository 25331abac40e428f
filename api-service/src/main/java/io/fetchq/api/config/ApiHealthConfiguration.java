package io.fetchq.api.config;

import io.fetchq.api.health.RedisHealth;
import io.fetchq.api.ratelimit.usecase.FailoverBucketStore;
import io.fetchq.ops.health.CachedHealthIndicator;
import io.fetchq.ops.health.KafkaClusterHealth;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API's readiness components (ARCHITECTURE.md "Health"): {@code apiKafka} and {@code apiRedis}
 * report {@link #DEGRADED} when their dependency does not answer, which the readiness group shows
 * but maps to HTTP 200 (the outbox keeps accepting while Kafka is away, the rate limiter falls back
 * to per-instance buckets while Redis is away); PostgreSQL ({@code db}, Spring Boot's own) is DOWN
 * and takes the instance out of the load balancer.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiHealthProperties.class)
public class ApiHealthConfiguration {

  /** A dependency the API can serve without, at reduced guarantees. */
  public static final Status DEGRADED = new Status("DEGRADED");

  @Bean(destroyMethod = "close")
  KafkaClusterHealth apiKafkaClusterHealth(
      KafkaProperties kafka, ObjectProvider<SslBundles> sslBundles, ApiHealthProperties health) {
    return new KafkaClusterHealth(
        kafka.buildAdminProperties(sslBundles.getIfAvailable()),
        "fetchq-api-health",
        health.timeout(),
        DEGRADED);
  }

  /** Component {@code apiKafka}. */
  @Bean
  HealthIndicator apiKafkaHealthIndicator(
      KafkaClusterHealth apiKafkaClusterHealth, ApiHealthProperties health) {
    return new CachedHealthIndicator(apiKafkaClusterHealth, health.cacheFor(), System::nanoTime);
  }

  /** Component {@code apiRedis}; replaces Spring Boot's {@code redis}, which would say DOWN. */
  @Bean
  HealthIndicator apiRedisHealthIndicator(
      RedissonClient redisson,
      FailoverBucketStore rateLimitStore,
      ApiRateLimitProperties rateLimit,
      ApiHealthProperties health) {
    return new CachedHealthIndicator(
        new RedisHealth(
            redisson,
            rateLimit.keyPrefix() + "health",
            health.timeout(),
            DEGRADED,
            () -> rateLimitStore.mode().wireName()),
        health.cacheFor(),
        System::nanoTime);
  }
}
