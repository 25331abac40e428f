package io.fetchq.api.config;

import io.fetchq.api.deadletters.persistence.JdbcDeadLetterAuditLog;
import io.fetchq.api.deadletters.persistence.JdbcReplayRunRepository;
import io.fetchq.api.deadletters.runner.ReplayRunDriver;
import io.fetchq.api.deadletters.usecase.DeadLetterAuditLog;
import io.fetchq.api.deadletters.usecase.DeadLetterRepository;
import io.fetchq.api.deadletters.usecase.DiscardDeadLetter;
import io.fetchq.api.deadletters.usecase.DriveReplayRuns;
import io.fetchq.api.deadletters.usecase.GetReplayRun;
import io.fetchq.api.deadletters.usecase.ListDeadLetterAudit;
import io.fetchq.api.deadletters.usecase.ListDeadLetters;
import io.fetchq.api.deadletters.usecase.OperatorReplay;
import io.fetchq.api.deadletters.usecase.ReplayDeadLetter;
import io.fetchq.api.deadletters.usecase.ReplayMetrics;
import io.fetchq.api.deadletters.usecase.ReplayRunRepository;
import io.fetchq.api.deadletters.usecase.StartBulkReplay;
import io.fetchq.api.jobs.usecase.Transactions;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.UUID;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The dead-letter admin operations (API.md "Operations"): listing, single and bulk replay (with its
 * background driver), discard, and their audit log.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiDeadLetterProperties.class)
public class ApiDeadLetterConfiguration {

  @Bean
  ReplayRunRepository apiReplayRunRepository(DataSource dataSource) {
    return new JdbcReplayRunRepository(dataSource);
  }

  @Bean
  DeadLetterAuditLog apiDeadLetterAuditLog(DataSource dataSource) {
    return new JdbcDeadLetterAuditLog(dataSource);
  }

  @Bean
  ListDeadLetters apiListDeadLetters(DeadLetterRepository deadLetters) {
    return new ListDeadLetters(deadLetters);
  }

  @Bean
  OperatorReplay apiOperatorReplay(
      ReplayDeadLetter replay,
      DeadLetterAuditLog audit,
      Transactions transactions,
      Clock clock,
      @Qualifier("apiRandom") RandomGenerator random,
      ObjectProvider<ReplayMetrics> metrics) {
    return new OperatorReplay(
        replay,
        audit,
        transactions,
        clock,
        random,
        metrics.getIfAvailable(() -> ReplayMetrics.NONE));
  }

  @Bean
  DiscardDeadLetter apiDiscardDeadLetter(
      DeadLetterRepository deadLetters,
      DeadLetterAuditLog audit,
      Transactions transactions,
      Clock clock,
      @Qualifier("apiRandom") RandomGenerator random) {
    return new DiscardDeadLetter(deadLetters, audit, transactions, clock, random);
  }

  @Bean
  StartBulkReplay apiStartBulkReplay(
      ReplayRunRepository runs,
      DeadLetterAuditLog audit,
      Transactions transactions,
      Clock clock,
      @Qualifier("apiRandom") RandomGenerator random,
      ApiDeadLetterProperties properties) {
    return new StartBulkReplay(
        runs, audit, transactions, clock, random, properties.maxBulkReplays());
  }

  @Bean
  GetReplayRun apiGetReplayRun(ReplayRunRepository runs) {
    return new GetReplayRun(runs);
  }

  @Bean
  ListDeadLetterAudit apiListDeadLetterAudit(DeadLetterAuditLog audit) {
    return new ListDeadLetterAudit(audit);
  }

  @Bean
  DriveReplayRuns apiDriveReplayRuns(
      ReplayRunRepository runs,
      ReplayDeadLetter replay,
      Transactions transactions,
      Clock clock,
      ApiDeadLetterProperties properties,
      ObjectProvider<ReplayMetrics> metrics) {
    String owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    return new DriveReplayRuns(
        runs,
        replay,
        transactions,
        clock,
        new DriveReplayRuns.Settings(
            owner,
            properties.replayRate(),
            properties.replayBatchSize(),
            properties.lease(),
            properties.idlePoll(),
            properties.canaryPoll(),
            properties.canaryTimeout()),
        metrics.getIfAvailable(() -> ReplayMetrics.NONE));
  }

  @Bean
  @ConditionalOnProperty(
      name = "fetchq.api.dead-letters.driver-enabled",
      havingValue = "true",
      matchIfMissing = true)
  ReplayRunDriver apiReplayRunDriver(DriveReplayRuns drive, ApiDeadLetterProperties properties) {
    return new ReplayRunDriver(drive, properties.idlePoll());
  }
}
