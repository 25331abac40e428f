package io.fetchq.worker.config;

import io.fetchq.ops.health.CachedHealthIndicator;
import io.fetchq.ops.health.KafkaClusterHealth;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The worker's readiness component {@code workerKafka} (ARCHITECTURE.md "Health"): DOWN when the
 * cluster does not answer, since a worker without Kafka receives no work. PostgreSQL is Spring
 * Boot's {@code db}; the worker does not use Redis.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkerHealthProperties.class)
public class WorkerHealthConfiguration {

  @Bean(destroyMethod = "close")
  KafkaClusterHealth workerKafkaClusterHealth(
      KafkaProperties kafka, ObjectProvider<SslBundles> sslBundles, WorkerHealthProperties health) {
    return new KafkaClusterHealth(
        kafka.buildAdminProperties(sslBundles.getIfAvailable()),
        "fetchq-worker-health",
        health.timeout(),
        Status.DOWN);
  }

  /** Component {@code workerKafka}. */
  @Bean
  HealthIndicator workerKafkaHealthIndicator(
      KafkaClusterHealth workerKafkaClusterHealth, WorkerHealthProperties health) {
    return new CachedHealthIndicator(workerKafkaClusterHealth, health.cacheFor(), System::nanoTime);
  }
}
