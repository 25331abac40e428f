package io.fetchq.api.jobs.usecase;

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
import io.fetchq.api.ratelimit.domain.RateLimitDecision;
import io.fetchq.api.ratelimit.usecase.FakeRateLimiter;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.contracts.jobs.v1.FetchJobMessage;
import io.fetchq.kernel.destinations.DestinationPolicy;
import io.fetchq.kernel.ids.UuidV7;
import io.fetchq.kernel.jobs.JobStatus;
import io.fetchq.kernel.jobs.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubmitJobTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00.123456789Z");
  private static final TenantId TENANT =
      new TenantId(java.util.UUID.fromString("0190f5c2-0000-7000-8000-000000000009"));

  private final FakeTransactions transactions = new FakeTransactions();
  private final InMemoryJobRepository jobs = new InMemoryJobRepository(transactions);
  private final RecordingJobDispatches dispatches = new RecordingJobDispatches(transactions);
  private final InMemoryIdempotencyKeyStore keys = new InMemoryIdempotencyKeyStore();
  private final FakeRateLimiter rateLimits = new FakeRateLimiter();

  private SubmitJob submitJob(DestinationPolicy policy) {
    return new SubmitJob(
        jobs,
        dispatches,
        (job, firstAttempt) ->
            transactions.inTransaction(
                () -> {
                  jobs.add(job);
                  dispatches.enqueue(firstAttempt);
                  return null;
                }),
        policy,
        Clock.fixed(NOW, ZoneOffset.UTC),
        new SplittableRandom(42),
        new Admission(
            transactions,
            new ExecuteIdempotently(
                keys, transactions, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(24)),
            rateLimits),
        JobMetrics.NONE);
  }

  private final SubmitJob submitJob = submitJob(DestinationPolicy.fromAllowedCidrs(""));

  @Test
  void takesOneTokenPerJob() {
    submitJob.submit(new SubmitJobCommand(TENANT, request("https://example.org/a")));

    assertThat(rateLimits.costs()).containsExactly(1);
  }

  @Test
  void storesNothingWhenTheRateLimitRefuses() {
    rateLimits.refuse();

    SubmitOutcome outcome =
        submitJob.submit(new SubmitJobCommand(TENANT, request("https://example.org/")));

    assertThat(outcome).isInstanceOf(SubmitOutcome.RateLimited.class);
    assertThat(((SubmitOutcome.RateLimited) outcome).decision())
        .isInstanceOf(RateLimitDecision.Refused.class);
    assertThat(jobs.all()).isEmpty();
    assertThat(dispatches.messages()).isEmpty();
  }

  @Test
  void aRefusedDestinationCostsNoToken() {
    submitJob.submit(new SubmitJobCommand(TENANT, request("http://127.0.0.1/")));

    assertThat(rateLimits.costs()).isEmpty();
  }

  @Test
  void storesQueuedJobAndEnqueuesFirstAttemptInOneTransaction() {
    SubmitOutcome outcome =
        submitJob.submit(new SubmitJobCommand(TENANT, request("https://example.org/")));

    assertThat(outcome).isInstanceOf(SubmitOutcome.Accepted.class);
    Job job = ((SubmitOutcome.Accepted) outcome).job();
    assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(job.tenantId()).isEqualTo(TENANT);
    assertThat(job.attempts()).isZero();
    assertThat(job.batchId()).isNull();
    assertThat(job.createdAt()).isEqualTo(Instant.parse("2026-11-22T10:00:00.123Z"));
    assertThat(job.updatedAt()).isEqualTo(job.createdAt());
    assertThat(job.id().value().version()).isEqualTo(7);
    assertThat(UuidV7.timestampOf(job.id().value())).isEqualTo(job.createdAt());
    assertThat(jobs.all()).containsExactly(job);

    assertThat(dispatches.messages())
        .singleElement()
        .satisfies(
            message -> {
              assertThat(message.jobId()).isEqualTo(job.id().value());
              assertThat(message.tenantId()).isEqualTo(TENANT.value());
              assertThat(message.attempt()).isEqualTo(1);
              assertThat(message.enqueuedAt()).isEqualTo(job.createdAt());
              assertThat(message.host()).isEqualTo("example.org");
              assertThat(message.messageId()).isNotEqualTo(job.id().value());
              assertThat(message.messageId().version()).isEqualTo(7);
            });
    assertThat(transactions.committed()).isEqualTo(1);
  }

  @Test
  void givesEveryJobItsOwnIds() {
    submitJob.submit(new SubmitJobCommand(TENANT, request("https://example.org/a")));
    submitJob.submit(new SubmitJobCommand(TENANT, request("https://example.org/b")));

    assertThat(jobs.all()).extracting(Job::id).doesNotHaveDuplicates().hasSize(2);
    assertThat(dispatches.messages())
        .extracting(FetchJobMessage::messageId)
        .doesNotHaveDuplicates()
        .hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1/",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://2130706433/",
        "http://0x7f.1/",
        "http://127.1/",
        "http://0177.0.0.1:8080/",
        "http://100.64.1.1/",
        "http://[fd12::1]/",
        "http://224.0.0.1/"
      })
  void refusesLiteralNonPublicDestination(String url) {
    SubmitOutcome outcome = submitJob.submit(new SubmitJobCommand(TENANT, request(url)));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            SubmitOutcome.DestinationRefused.class,
            refused -> {
              assertThat(refused.field()).isEqualTo("url");
              assertThat(refused.reason()).contains("non-public");
            });
    assertNothingStored();
  }

  @Test
  void refusesLiteralNonPublicCallback() {
    JobRequest request = request("https://example.org/", "http://192.168.0.10/hook");

    SubmitOutcome outcome = submitJob.submit(new SubmitJobCommand(TENANT, request));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            SubmitOutcome.DestinationRefused.class,
            refused -> assertThat(refused.field()).isEqualTo("callbackUrl"));
    assertNothingStored();
  }

  @Test
  void acceptsHostNamesWithoutResolvingThem() {
    // Names are checked by the worker once resolved; "localhost" is a name, not a literal.
    SubmitOutcome outcome =
        submitJob.submit(
            new SubmitJobCommand(TENANT, request("http://localhost/", "https://hooks.example/")));

    assertThat(outcome).isInstanceOf(SubmitOutcome.Accepted.class);
  }

  @Test
  void acceptsPrivateLiteralsTheOperatorAllowed() {
    SubmitJob allowing = submitJob(DestinationPolicy.fromAllowedCidrs("127.0.0.0/8, ::1/128"));

    assertThat(allowing.submit(new SubmitJobCommand(TENANT, request("http://127.0.0.1:8080/ok"))))
        .isInstanceOf(SubmitOutcome.Accepted.class);
    assertThat(
            allowing.submit(
                new SubmitJobCommand(TENANT, request("http://[::1]/", "http://127.0.0.2/h"))))
        .isInstanceOf(SubmitOutcome.Accepted.class);
    assertThat(allowing.submit(new SubmitJobCommand(TENANT, request("http://10.0.0.1/"))))
        .isInstanceOf(SubmitOutcome.DestinationRefused.class);
    assertThat(jobs.all()).hasSize(2);
  }

  @Test
  void storesNothingWhenTheTransactionFails() {
    transactions.failNext(new IllegalStateException("database down"));

    assertThatThrownBy(
            () -> submitJob.submit(new SubmitJobCommand(TENANT, request("https://example.org/"))))
        .isInstanceOf(IllegalStateException.class);
    assertNothingStored();
  }

  @Test
  void withAKeyStoresTheKeyWithTheJobAndReplaysTheJobAfterwards() {
    SubmitJobCommand command =
        new SubmitJobCommand(TENANT, request("https://example.org/"), idempotent("k", "a"));

    SubmitOutcome first = submitJob.submit(command);
    Job job = ((SubmitOutcome.Accepted) first).job();
    SubmitOutcome second = submitJob.submit(command);

    assertThat(second).isEqualTo(new SubmitOutcome.Replayed(job));
    assertThat(jobs.all()).containsExactly(job);
    assertThat(dispatches.messages()).hasSize(1);
    assertThat(keys.all())
        .singleElement()
        .satisfies(key -> assertThat(key.resourceId()).isEqualTo(job.id().value()));
    assertThat(transactions.committed()).isEqualTo(2);
  }

  @Test
  void withAKeyUsedForAnotherRequestStoresNothing() {
    submitJob.submit(
        new SubmitJobCommand(TENANT, request("https://example.org/a"), idempotent("k", "a")));

    SubmitOutcome outcome =
        submitJob.submit(
            new SubmitJobCommand(TENANT, request("https://example.org/b"), idempotent("k", "b")));

    assertThat(outcome).isEqualTo(new SubmitOutcome.KeyReused(new IdempotencyKey("k")));
    assertThat(jobs.all()).hasSize(1);
    assertThat(dispatches.messages()).hasSize(1);
  }

  @Test
  void withAKeyInFlightStoresNothing() {
    keys.holdElsewhere(TENANT, new IdempotencyKey("k"));

    SubmitOutcome outcome =
        submitJob.submit(
            new SubmitJobCommand(TENANT, request("https://example.org/"), idempotent("k", "a")));

    assertThat(outcome).isEqualTo(new SubmitOutcome.KeyInFlight(new IdempotencyKey("k")));
    assertThat(jobs.all()).isEmpty();
    assertThat(keys.all()).isEmpty();
  }

  @Test
  void withAKeyARateLimitedJobStoresNothingAndAReplayCostsNoToken() {
    SubmitJobCommand command =
        new SubmitJobCommand(TENANT, request("https://example.org/"), idempotent("k", "a"));
    Job job = ((SubmitOutcome.Accepted) submitJob.submit(command)).job();
    rateLimits.refuse();

    SubmitOutcome replay = submitJob.submit(command);
    SubmitOutcome refused =
        submitJob.submit(
            new SubmitJobCommand(TENANT, request("https://example.org/b"), idempotent("k2", "b")));

    assertThat(replay).isEqualTo(new SubmitOutcome.Replayed(job));
    assertThat(refused).isInstanceOf(SubmitOutcome.RateLimited.class);
    assertThat(rateLimits.costs()).as("the replay took no token").containsExactly(1, 1);
    assertThat(jobs.all()).containsExactly(job);
    assertThat(dispatches.messages()).hasSize(1);
  }

  @Test
  void aRefusedDestinationDoesNotUseTheKeyUp() {
    SubmitOutcome refused =
        submitJob.submit(
            new SubmitJobCommand(TENANT, request("http://10.0.0.1/"), idempotent("k", "a")));

    assertThat(refused).isInstanceOf(SubmitOutcome.DestinationRefused.class);
    assertThat(keys.all()).isEmpty();
    assertThat(
            submitJob.submit(
                new SubmitJobCommand(
                    TENANT, request("https://example.org/"), idempotent("k", "b"))))
        .isInstanceOf(SubmitOutcome.Accepted.class);
  }

  @Test
  void refusesAnIdempotencyKeyMeantForAnotherResource() {
    IdempotentRequest batch =
        new IdempotentRequest(
            new IdempotencyKey("k"),
            IdempotentResource.BATCH,
            RequestFingerprint.of(IdempotentResource.BATCH, "{}"));

    assertThatThrownBy(() -> new SubmitJobCommand(TENANT, request("https://example.org/"), batch))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static IdempotentRequest idempotent(String key, String canonicalBody) {
    return new IdempotentRequest(
        new IdempotencyKey(key),
        IdempotentResource.JOB,
        RequestFingerprint.of(IdempotentResource.JOB, canonicalBody));
  }

  private void assertNothingStored() {
    assertThat(jobs.all()).isEmpty();
    assertThat(dispatches.messages()).isEmpty();
    assertThat(transactions.committed()).isZero();
  }

  static JobRequest request(String url) {
    return request(url, null);
  }

  static JobRequest request(String url, String callbackUrl) {
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
