package io.fetchq.api.jobs.web;

import io.fetchq.api.deadletters.usecase.InMemoryDeadLetterRepository;
import io.fetchq.api.idempotency.usecase.ExecuteIdempotently;
import io.fetchq.api.idempotency.usecase.InMemoryIdempotencyKeyStore;
import io.fetchq.api.jobs.usecase.FakeTransactions;
import io.fetchq.api.jobs.usecase.InMemoryJobAttemptRepository;
import io.fetchq.api.jobs.usecase.InMemoryJobRepository;
import io.fetchq.api.jobs.usecase.JobIntake;
import io.fetchq.api.jobs.usecase.RecordingJobDispatches;
import io.fetchq.api.ratelimit.usecase.FakeRateLimiter;
import io.fetchq.api.tenants.domain.ApiPrincipal;
import io.fetchq.api.tenants.domain.Scope;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.tenants.usecase.ApiKeyAuthenticator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** In-memory ports, a fixed clock and extra API keys for the web slice tests. */
@TestConfiguration(proxyBeanMethods = false)
public class JobWebTestConfiguration {

  static final String ADMIN_KEY = "test-admin-key-0123456789";
  static final String READ_ONLY_KEY = "read-only-key";
  static final String WRITE_ONLY_KEY = "write-only-key";
  static final String OTHER_TENANT_KEY = "other-tenant-key";
  static final TenantId OTHER_TENANT =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-000000000002"));
  static final Instant NOW = Instant.parse("2026-11-22T10:00:00.123456Z");

  @Bean
  FakeTransactions testTransactions() {
    return new FakeTransactions();
  }

  @Bean
  InMemoryJobRepository testJobRepository(FakeTransactions transactions) {
    return new InMemoryJobRepository(transactions);
  }

  @Bean
  InMemoryJobAttemptRepository testJobAttemptRepository(InMemoryJobRepository jobs) {
    return new InMemoryJobAttemptRepository(jobs);
  }

  @Bean
  InMemoryDeadLetterRepository testDeadLetterRepository(FakeTransactions transactions) {
    return new InMemoryDeadLetterRepository(transactions);
  }

  @Bean
  RecordingJobDispatches testJobDispatches(FakeTransactions transactions) {
    return new RecordingJobDispatches(transactions);
  }

  /** Stores each job in a transaction of its own (group commit is a persistence concern). */
  @Bean
  JobIntake testJobIntake(
      FakeTransactions transactions,
      InMemoryJobRepository jobs,
      RecordingJobDispatches dispatches) {
    return (job, firstAttempt) ->
        transactions.inTransaction(
            () -> {
              jobs.add(job);
              dispatches.enqueue(firstAttempt);
              return null;
            });
  }

  @Bean
  InMemoryIdempotencyKeyStore testIdempotencyKeyStore() {
    return new InMemoryIdempotencyKeyStore();
  }

  @Bean
  ExecuteIdempotently testExecuteIdempotently(
      InMemoryIdempotencyKeyStore keys, FakeTransactions transactions) {
    return new ExecuteIdempotently(
        keys, transactions, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(24));
  }

  @Bean
  FakeRateLimiter testRateLimiter() {
    return new FakeRateLimiter();
  }

  @Bean
  @Primary
  Clock testClock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }

  /** Keys other than the bootstrap key, as stored tenant keys will be. */
  @Bean
  ApiKeyAuthenticator testKeys() {
    Map<String, ApiPrincipal> keys =
        Map.of(
            READ_ONLY_KEY, new ApiPrincipal(TenantId.SYSTEM, Set.of(Scope.JOBS_READ)),
            WRITE_ONLY_KEY, new ApiPrincipal(TenantId.SYSTEM, Set.of(Scope.JOBS_WRITE)),
            OTHER_TENANT_KEY,
                new ApiPrincipal(OTHER_TENANT, Set.of(Scope.JOBS_READ, Scope.JOBS_WRITE)));
    return key -> Optional.ofNullable(keys.get(key));
  }
}
