package io.fetchq.api.config;

import io.fetchq.api.deadletters.usecase.DeadLetterRepository;
import io.fetchq.api.deadletters.usecase.ReplayDeadLetter;
import io.fetchq.api.idempotency.usecase.ExecuteIdempotently;
import io.fetchq.api.jobs.usecase.Admission;
import io.fetchq.api.jobs.usecase.CancelJob;
import io.fetchq.api.jobs.usecase.GetJob;
import io.fetchq.api.jobs.usecase.JobAttemptRepository;
import io.fetchq.api.jobs.usecase.JobDispatches;
import io.fetchq.api.jobs.usecase.JobIntake;
import io.fetchq.api.jobs.usecase.JobMetrics;
import io.fetchq.api.jobs.usecase.JobRepository;
import io.fetchq.api.jobs.usecase.ListJobAttempts;
import io.fetchq.api.jobs.usecase.SubmitJob;
import io.fetchq.api.jobs.usecase.Transactions;
import io.fetchq.api.ratelimit.usecase.RateLimiter;
import io.fetchq.kernel.destinations.DestinationPolicy;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.random.RandomGenerator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Assembles the API's use cases from their ports. The ports (JobRepository, JobAttemptRepository,
 * DeadLetterRepository, JobDispatches, Transactions) are provided by the persistence and messaging
 * configurations, exactly one bean each.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ApiProperties.class, ApiDestinationProperties.class})
public class ApiConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** Random bits of UUIDv7 ids; SecureRandom is thread-safe and unpredictable. */
  @Bean
  RandomGenerator apiRandom() {
    return new SecureRandom();
  }

  @Bean
  DestinationPolicy apiDestinationPolicy(ApiDestinationProperties destinations) {
    return DestinationPolicy.fromAllowedCidrs(destinations.allowedCidrs());
  }

  /** Rate limit, idempotency key and transaction of every submission (jobs and batches). */
  @Bean
  Admission apiAdmission(
      Transactions transactions, ExecuteIdempotently idempotently, RateLimiter rateLimits) {
    return new Admission(transactions, idempotently, rateLimits);
  }

  @Bean
  SubmitJob apiSubmitJob(
      JobRepository jobs,
      JobDispatches dispatches,
      JobIntake intake,
      @Qualifier("apiDestinationPolicy") DestinationPolicy destinations,
      Clock clock,
      @Qualifier("apiRandom") RandomGenerator random,
      Admission admission,
      ObjectProvider<JobMetrics> metrics) {
    return new SubmitJob(
        jobs,
        dispatches,
        intake,
        destinations,
        clock,
        random,
        admission,
        metrics.getIfAvailable(() -> JobMetrics.NONE));
  }

  @Bean
  GetJob apiGetJob(JobRepository jobs) {
    return new GetJob(jobs);
  }

  @Bean
  CancelJob apiCancelJob(
      JobRepository jobs,
      Transactions transactions,
      Clock clock,
      ObjectProvider<JobMetrics> metrics) {
    return new CancelJob(jobs, transactions, clock, metrics.getIfAvailable(() -> JobMetrics.NONE));
  }

  @Bean
  ListJobAttempts apiListJobAttempts(JobRepository jobs, JobAttemptRepository attempts) {
    return new ListJobAttempts(jobs, attempts);
  }

  /** Dead-letter replay; the admin endpoints call it (single and bulk replay). */
  @Bean
  ReplayDeadLetter apiReplayDeadLetter(
      DeadLetterRepository deadLetters,
      JobRepository jobs,
      JobDispatches dispatches,
      Transactions transactions,
      Clock clock,
      @Qualifier("apiRandom") RandomGenerator random) {
    return new ReplayDeadLetter(deadLetters, jobs, dispatches, transactions, clock, random);
  }
}
