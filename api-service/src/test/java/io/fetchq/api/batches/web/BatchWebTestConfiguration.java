package io.fetchq.api.batches.web;

import io.fetchq.api.batches.usecase.InMemoryBatchRepository;
import io.fetchq.api.jobs.usecase.FakeTransactions;
import io.fetchq.api.jobs.usecase.InMemoryJobListing;
import io.fetchq.api.jobs.usecase.InMemoryJobRepository;
import io.fetchq.api.jobs.web.JobWebTestConfiguration;
import io.fetchq.api.tenants.domain.ApiPrincipal;
import io.fetchq.api.tenants.domain.Scope;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.tenants.usecase.ApiKeyAuthenticator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** The job fakes of {@link JobWebTestConfiguration}, in-memory batches and listing, test keys. */
@TestConfiguration(proxyBeanMethods = false)
@Import(JobWebTestConfiguration.class)
public class BatchWebTestConfiguration {

  static final String WRITER_KEY = "batch-writer-key";
  static final String READER_KEY = "batch-reader-key";
  static final String OTHER_KEY = "batch-other-tenant-key";
  static final TenantId OTHER =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-0000000000b2"));

  @Bean
  InMemoryBatchRepository testBatchRepository(
      FakeTransactions transactions, InMemoryJobRepository jobs) {
    return new InMemoryBatchRepository(transactions, jobs);
  }

  @Bean
  InMemoryJobListing testJobListing(InMemoryJobRepository jobs) {
    return new InMemoryJobListing(jobs);
  }

  @Bean
  ApiKeyAuthenticator testBatchKeys() {
    Map<String, ApiPrincipal> keys =
        Map.of(
            WRITER_KEY, new ApiPrincipal(TenantId.SYSTEM, Set.of(Scope.JOBS_WRITE)),
            READER_KEY, new ApiPrincipal(TenantId.SYSTEM, Set.of(Scope.JOBS_READ)),
            OTHER_KEY, new ApiPrincipal(OTHER, Set.of(Scope.JOBS_READ, Scope.JOBS_WRITE)));
    return key -> Optional.ofNullable(keys.get(key));
  }
}
