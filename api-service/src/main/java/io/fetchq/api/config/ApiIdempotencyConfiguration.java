package io.fetchq.api.config;

import io.fetchq.api.idempotency.persistence.JdbcIdempotencyKeyStore;
import io.fetchq.api.idempotency.scheduling.IdempotencyKeyPurgeSchedule;
import io.fetchq.api.idempotency.usecase.ExecuteIdempotently;
import io.fetchq.api.idempotency.usecase.IdempotencyKeyStore;
import io.fetchq.api.idempotency.usecase.PurgeExpiredIdempotencyKeys;
import io.fetchq.api.jobs.usecase.Transactions;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Idempotency keys: the PostgreSQL store, the use case every submission endpoint runs its work
 * through ({@link ExecuteIdempotently}), and the scheduled purge of expired keys.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiIdempotencyProperties.class)
public class ApiIdempotencyConfiguration {

  @Bean
  IdempotencyKeyStore apiIdempotencyKeyStore(DataSource dataSource) {
    return new JdbcIdempotencyKeyStore(dataSource);
  }

  @Bean
  ExecuteIdempotently apiExecuteIdempotently(
      IdempotencyKeyStore store,
      Transactions transactions,
      Clock clock,
      ApiIdempotencyProperties properties) {
    return new ExecuteIdempotently(store, transactions, clock, properties.ttl());
  }

  @Bean
  PurgeExpiredIdempotencyKeys apiPurgeExpiredIdempotencyKeys(
      IdempotencyKeyStore store, Clock clock, ApiIdempotencyProperties properties) {
    return new PurgeExpiredIdempotencyKeys(store, clock, properties.purgeBatchSize());
  }

  @Bean
  IdempotencyKeyPurgeSchedule apiIdempotencyKeyPurgeSchedule(
      PurgeExpiredIdempotencyKeys purge, ApiIdempotencyProperties properties) {
    return new IdempotencyKeyPurgeSchedule(purge, properties.purgeInterval());
  }
}
