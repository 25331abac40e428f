package io.fetchq.api.config;

import io.fetchq.api.batches.usecase.BatchRepository;
import io.fetchq.api.batches.usecase.GetBatch;
import io.fetchq.api.batches.usecase.ListBatchJobs;
import io.fetchq.api.batches.usecase.SubmitBatch;
import io.fetchq.api.batches.web.BatchRequestViolations;
import io.fetchq.api.jobs.usecase.Admission;
import io.fetchq.api.jobs.usecase.DestinationScreen;
import io.fetchq.api.jobs.usecase.JobDispatches;
import io.fetchq.api.jobs.usecase.JobListing;
import io.fetchq.api.jobs.usecase.JobMetrics;
import io.fetchq.api.jobs.usecase.JobRepository;
import io.fetchq.api.jobs.usecase.ListJobs;
import io.fetchq.kernel.destinations.DestinationPolicy;
import jakarta.validation.Validator;
import java.time.Clock;
import java.util.random.RandomGenerator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Batches and job listings: their use cases, wired from the job ports of {@link ApiConfiguration}
 * and two ports of their own, whose JDBC adapters {@link BatchPersistenceConfiguration} provides
 * (web slice tests replace them with in-memory fakes).
 */
@Configuration(proxyBeanMethods = false)
public class ApiBatchConfiguration {

  @Bean
  DestinationScreen apiDestinationScreen(
      @Qualifier("apiDestinationPolicy") DestinationPolicy destinations) {
    return new DestinationScreen(destinations);
  }

  /**
   * Batches; its command's {@code cost()} is the seam for the rate limiter, and the command is what
   * an idempotency layer would key on.
   */
  @Bean
  SubmitBatch apiSubmitBatch(
      BatchRepository batches,
      JobRepository jobs,
      JobDispatches dispatches,
      @Qualifier("apiDestinationScreen") DestinationScreen destinations,
      Clock clock,
      @Qualifier("apiRandom") RandomGenerator random,
      Admission admission,
      ObjectProvider<JobMetrics> metrics) {
    return new SubmitBatch(
        batches,
        jobs,
        dispatches,
        destinations,
        clock,
        random,
        admission,
        metrics.getIfAvailable(() -> JobMetrics.NONE));
  }

  /** Batch requests are validated in one pass with the destinations (see the class). */
  @Bean
  BatchRequestViolations apiBatchRequestViolations(
      Validator validator, @Qualifier("apiDestinationScreen") DestinationScreen destinations) {
    return new BatchRequestViolations(validator, destinations);
  }

  @Bean
  GetBatch apiGetBatch(BatchRepository batches) {
    return new GetBatch(batches);
  }

  @Bean
  ListJobs apiListJobs(JobListing listing) {
    return new ListJobs(listing);
  }

  @Bean
  ListBatchJobs apiListBatchJobs(BatchRepository batches, ListJobs listJobs) {
    return new ListBatchJobs(batches, listJobs);
  }
}
