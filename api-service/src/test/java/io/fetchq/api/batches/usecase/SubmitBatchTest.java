package io.fetchq.api.batches.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.idempotency.domain.IdempotencyKey;
import io.fetchq.api.idempotency.domain.IdempotentRequest;
import io.fetchq.api.idempotency.domain.IdempotentResource;
import io.fetchq.api.idempotency.domain.RequestFingerprint;
import io.fetchq.api.idempotency.usecase.ExecuteIdempotently;
import io.fetchq.api.idempotency.usecase.InMemoryIdempotencyKeyStore;
import io.fetchq.api.jobs.domain.HttpMethod;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.jobs.usecase.Admission;
import io.fetchq.api.jobs.usecase.DestinationScreen;
import io.fetchq.api.jobs.usecase.FakeTransactions;
import io.fetchq.api.jobs.usecase.InMemoryJobRepository;
import io.fetchq.api.jobs.usecase.RecordingJobDispatches;
import io.fetchq.api.ratelimit.usecase.FakeRateLimiter;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.contracts.jobs.v1.FetchJobMessage;
import io.fetchq.kernel.destinations.DestinationPolicy;
import io.fetchq.kernel.jobs.JobStatus;
import io.fetchq.kernel.jobs.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SubmitBatchTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00.123456789Z");
  private static final TenantId TENANT =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-00000000000b"));

  private final FakeTransactions transactions = new FakeTransactions();
  private final InMemoryJobRepository jobs = new InMemoryJobRepository(transactions);
  private final InMemoryBatchRepository batches = new InMemoryBatchRepository(transactions, jobs);
  private final RecordingJobDispatches dispatches = new RecordingJobDispatches(transactions);
  private final InMemoryIdempotencyKeyStore keys = new InMemoryIdempotencyKeyStore();
  private final FakeRateLimiter rateLimits = new FakeRateLimiter();
  private final SubmitBatch submitBatch =
      new SubmitBatch(
          batches,
          jobs,
          dispatches,
          new DestinationScreen(DestinationPolicy.fromAllowedCidrs("")),
          Clock.fixed(NOW, ZoneOffset.UTC),
          new SplittableRandom(7),
          new Admission(
              transactions,
              new ExecuteIdempotently(
                  keys, transactions, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(24)),
              rateLimits));

  @Test
  void storesTheBatchItsJobsAndTheirFirstAttemptsInOneTransaction() {
    List<JobRequest> requests =
        List.of(request("https://a.example/1"), request("https://b.example:8443/2"));

    SubmitBatchOutcome outcome =
        submitBatch.submit(new SubmitBatchCommand(TENANT, requests, "https://client.example/b"));

    SubmitBatchOutcome.Accepted accepted = (SubmitBatchOutcome.Accepted) outcome;
    Instant millis = Instant.parse("2026-11-22T10:00:00.123Z");
    assertThat(accepted.batch().size()).isEqualTo(2);
    assertThat(accepted.batch().tenantId()).isEqualTo(TENANT);
    assertThat(accepted.batch().callbackUrl()).isEqualTo("https://client.example/b");
    assertThat(accepted.batch().createdAt()).isEqualTo(millis);
    assertThat(accepted.batch().id().value().version()).isEqualTo(7);
    assertThat(transactions.committed()).isEqualTo(1);
    assertThat(batches.all()).containsExactly(accepted.batch());
    assertThat(jobs.all()).isEqualTo(accepted.jobs());
    assertThat(accepted.jobs())
        .allSatisfy(
            job -> {
              assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
              assertThat(job.tenantId()).isEqualTo(TENANT);
              assertThat(job.batchId()).isEqualTo(accepted.batch().id().value());
              assertThat(job.createdAt()).isEqualTo(millis);
              assertThat(job.id().value().version()).isEqualTo(7);
            });
    assertThat(accepted.jobs().stream().map(Job::request).toList()).isEqualTo(requests);
    List<FetchJobMessage> messages = dispatches.messages();
    assertThat(messages.stream().map(FetchJobMessage::jobId).toList())
        .isEqualTo(accepted.jobs().stream().map(job -> job.id().value()).toList());
    assertThat(messages.stream().map(FetchJobMessage::host).toList())
        .containsExactly("a.example", "b.example");
    assertThat(messages)
        .allSatisfy(
            m -> {
              assertThat(m.attempt()).isEqualTo(1);
              assertThat(m.generation()).isZero();
              assertThat(m.tenantId()).isEqualTo(TENANT.value());
              assertThat(m.enqueuedAt()).isEqualTo(millis);
            });
  }

  @Test
  void handsOutJobIdsInSubmissionOrder() {
    SubmitBatchOutcome.Accepted accepted =
        (SubmitBatchOutcome.Accepted)
            submitBatch.submit(
                new SubmitBatchCommand(
                    TENANT, Collections.nCopies(1000, request("https://a.example/")), null));

    List<UUID> ids = accepted.jobs().stream().map(job -> job.id().value()).toList();
    List<UUID> sorted = new ArrayList<>(ids);
    sorted.sort(SubmitBatch.UNSIGNED);
    assertThat(ids).isEqualTo(sorted).doesNotHaveDuplicates();
  }

  @Test
  void refusesEveryLiteralIpDestinationAndStoresNothing() {
    List<JobRequest> requests =
        List.of(
            request("https://a.example/"),
            request("http://127.0.0.1/", "http://10.1.2.3/hook"),
            request("https://b.example/", "http://[::1]/"));

    SubmitBatchOutcome outcome =
        submitBatch.submit(new SubmitBatchCommand(TENANT, requests, "http://169.254.169.254/"));

    assertThat(outcome).isInstanceOf(SubmitBatchOutcome.DestinationsRefused.class);
    assertThat(
            ((SubmitBatchOutcome.DestinationsRefused) outcome)
                .refusals().stream().map(SubmitBatchOutcome.RefusedDestination::path).toList())
        .containsExactly(
            List.of("jobs", "1", "url"),
            List.of("jobs", "1", "callbackUrl"),
            List.of("jobs", "2", "callbackUrl"),
            List.of("callbackUrl"));
    assertThat(transactions.committed()).isZero();
    assertThat(batches.all()).isEmpty();
    assertThat(jobs.all()).isEmpty();
    assertThat(dispatches.messages()).isEmpty();
  }

  @Test
  void allowedRangesAreAccepted() {
    SubmitBatch permissive =
        new SubmitBatch(
            batches,
            jobs,
            dispatches,
            new DestinationScreen(DestinationPolicy.fromAllowedCidrs("127.0.0.0/8")),
            Clock.fixed(NOW, ZoneOffset.UTC),
            new SplittableRandom(7),
            new Admission(
                transactions,
                new ExecuteIdempotently(
                    keys, transactions, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(24)),
                rateLimits));

    assertThat(
            permissive.submit(
                new SubmitBatchCommand(TENANT, List.of(request("http://127.0.0.1:9/")), null)))
        .isInstanceOf(SubmitBatchOutcome.Accepted.class);
  }

  @Test
  void aFailingTransactionLeavesNothing() {
    transactions.failNext(new IllegalStateException("database down"));

    assertThatThrownBy(
            () ->
                submitBatch.submit(
                    new SubmitBatchCommand(TENANT, List.of(request("https://a.example/")), null)))
        .hasMessage("database down");
    assertThat(batches.all()).isEmpty();
    assertThat(jobs.all()).isEmpty();
    assertThat(dispatches.messages()).isEmpty();
  }

  @Test
  void aCommandHoldsOneToAThousandJobsAndCostsOneTokenPerJob() {
    assertThat(
            new SubmitBatchCommand(TENANT, Collections.nCopies(1000, request("https://a/")), null)
                .cost())
        .isEqualTo(1000);
    assertThatThrownBy(() -> new SubmitBatchCommand(TENANT, List.of(), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new SubmitBatchCommand(
                    TENANT, Collections.nCopies(1001, request("https://a/")), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void costsOneTokenPerJobAndStoresNothingWhenRefused() {
    List<JobRequest> requests =
        List.of(request("https://a.example/1"), request("https://a.example/2"));
    rateLimits.refuse();

    SubmitBatchOutcome outcome = submitBatch.submit(new SubmitBatchCommand(TENANT, requests, null));

    assertThat(outcome).isInstanceOf(SubmitBatchOutcome.RateLimited.class);
    assertThat(rateLimits.costs()).containsExactly(2);
    assertThat(batches.all()).isEmpty();
    assertThat(jobs.all()).isEmpty();
    assertThat(dispatches.messages()).isEmpty();
  }

  @Test
  void withAKeyReplaysTheBatchWithItsJobIdsAndTakesNoTokenForTheReplay() {
    List<JobRequest> requests =
        List.of(request("https://a.example/1"), request("https://a.example/2"));
    SubmitBatchCommand command = new SubmitBatchCommand(TENANT, requests, null, batchKey("k", "a"));
    SubmitBatchOutcome.Accepted accepted =
        (SubmitBatchOutcome.Accepted) submitBatch.submit(command);
    rateLimits.refuse();

    SubmitBatchOutcome replay = submitBatch.submit(command);
    SubmitBatchOutcome reused =
        submitBatch.submit(new SubmitBatchCommand(TENANT, requests, null, batchKey("k", "b")));
    SubmitBatchOutcome refused =
        submitBatch.submit(new SubmitBatchCommand(TENANT, requests, null, batchKey("k2", "a")));

    SubmitBatchOutcome.Replayed replayed = (SubmitBatchOutcome.Replayed) replay;
    assertThat(replayed.batch().batch()).isEqualTo(accepted.batch());
    assertThat(replayed.jobIds()).isEqualTo(accepted.jobs().stream().map(Job::id).toList());
    assertThat(reused).isEqualTo(new SubmitBatchOutcome.KeyReused(new IdempotencyKey("k")));
    assertThat(refused).isInstanceOf(SubmitBatchOutcome.RateLimited.class);
    assertThat(rateLimits.costs()).as("only the two new batches asked").containsExactly(2, 2);
    assertThat(batches.all()).containsExactly(accepted.batch());
    assertThat(jobs.all()).hasSize(2);
  }

  @Test
  void withAKeyInFlightStoresNothing() {
    keys.holdElsewhere(TENANT, new IdempotencyKey("k"));

    SubmitBatchOutcome outcome =
        submitBatch.submit(
            new SubmitBatchCommand(
                TENANT, List.of(request("https://a.example/")), null, batchKey("k", "a")));

    assertThat(outcome).isEqualTo(new SubmitBatchOutcome.KeyInFlight(new IdempotencyKey("k")));
    assertThat(batches.all()).isEmpty();
  }

  @Test
  void refusesAJobKeyForABatch() {
    IdempotentRequest jobKey =
        new IdempotentRequest(
            new IdempotencyKey("k"),
            IdempotentResource.JOB,
            RequestFingerprint.of(IdempotentResource.JOB, "a"));

    assertThatThrownBy(
            () ->
                new SubmitBatchCommand(
                    TENANT, List.of(request("https://a.example/")), null, jobKey))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static IdempotentRequest batchKey(String key, String canonicalBody) {
    return new IdempotentRequest(
        new IdempotencyKey(key),
        IdempotentResource.BATCH,
        RequestFingerprint.of(IdempotentResource.BATCH, canonicalBody));
  }

  private static JobRequest request(String url) {
    return request(url, null);
  }

  private static JobRequest request(String url, String callbackUrl) {
    return new JobRequest(
        url,
        HttpMethod.GET,
        Map.of(),
        null,
        Duration.ofSeconds(10),
        true,
        RetryPolicy.DEFAULT,
        callbackUrl,
        Map.of());
  }
}
