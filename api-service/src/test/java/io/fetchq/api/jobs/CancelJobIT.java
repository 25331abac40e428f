package io.fetchq.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.jobs.domain.HttpMethod;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.jobs.usecase.CancelJob;
import io.fetchq.api.jobs.usecase.CancelOutcome;
import io.fetchq.api.jobs.usecase.JobRepository;
import io.fetchq.api.jobs.usecase.Transactions;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.kernel.jobs.JobStatus;
import io.fetchq.kernel.jobs.RetryPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Cancel against PostgreSQL: the HTTP round trip, and the race with a worker's claim, which must
 * never both succeed.
 */
class CancelJobIT extends ApiIntegrationTest {

  private static final Logger log = LoggerFactory.getLogger(CancelJobIT.class);
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** The worker's claim of attempt 1 (ARCHITECTURE.md "claim"), as a worker issues it. */
  private static final String CLAIM =
      "UPDATE jobs SET status = 'running', attempts = 1"
          + " WHERE id = ? AND status IN ('queued', 'retrying') AND attempts = 0";

  @Autowired private JobRepository jobs;
  @Autowired private Transactions transactions;
  @Autowired private CancelJob cancelJob;
  @Autowired private Clock clock;

  private final HttpClient http = HttpClient.newHttpClient();
  private final Random random = new Random();

  @Test
  void cancelsAQueuedJobOnceThenAnswersConflict() throws Exception {
    Job job = addQueuedJob();

    HttpResponse<String> first = delete(job.id());

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    JsonNode body = json.readTree(first.body());
    assertThat(body.get("status").asText()).isEqualTo("cancelled");
    assertThat(body.get("completedAt").asText()).endsWith("Z");
    assertThat(body.get("nextAttemptAt").isNull()).isTrue();
    Map<String, Object> row =
        jdbc()
            .sql("SELECT status, completed_at, next_attempt_at FROM jobs WHERE id = ?")
            .param(job.id().value())
            .query()
            .singleRow();
    assertThat(row.get("status")).isEqualTo("cancelled");
    assertThat(row.get("completed_at")).isNotNull();
    assertThat(row.get("next_attempt_at")).isNull();

    HttpResponse<String> second = delete(job.id());

    assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
    assertThat(second.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = json.readTree(second.body());
    assertThat(problem.get("type").asText())
        .isEqualTo("https://fetchq.io/problems/job-not-cancellable");
    assertThat(problem.get("detail").asText()).contains("cancelled");
  }

  @Test
  void answersNotFoundForAJobThatDoesNotExist() throws Exception {
    HttpResponse<String> response = delete(new JobId(java.util.UUID.randomUUID()));

    assertThat(response.statusCode()).isEqualTo(404);
  }

  @Test
  void aClaimWaitsForALockingCancelAndThenFindsNothingToClaim() throws Exception {
    Job job = addQueuedJob();
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CancelJob pausingCancel =
        new CancelJob(new PausingAfterLock(jobs, locked, release), transactions, clock);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<CancelOutcome> cancel =
          threads.submit(() -> pausingCancel.cancel(TenantId.SYSTEM, job.id()));
      assertThat(locked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

      Future<Integer> claim = threads.submit(() -> claim(job.id()));
      await().atMost(WAIT).until(() -> backendsWaitingForALockOn("UPDATE jobs") == 1);
      assertThat(claim).isNotDone();
      release.countDown();

      assertThat(cancel.get(WAIT.toSeconds(), TimeUnit.SECONDS))
          .isInstanceOf(CancelOutcome.Cancelled.class);
      assertThat(claim.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
      assertThat(status(job.id())).isEqualTo("cancelled");
    } finally {
      release.countDown();
      threads.shutdownNow();
    }
  }

  @Test
  void aCancelWaitsForAnUncommittedClaimAndThenRefuses() throws Exception {
    Job job = addQueuedJob();
    ExecutorService threads = Executors.newSingleThreadExecutor();
    try (Connection worker = dataSource.getConnection()) {
      worker.setAutoCommit(false);
      try (PreparedStatement claim = worker.prepareStatement(CLAIM)) {
        claim.setObject(1, job.id().value());
        assertThat(claim.executeUpdate()).isEqualTo(1);
      }

      Future<CancelOutcome> cancel =
          threads.submit(() -> cancelJob.cancel(TenantId.SYSTEM, job.id()));
      await().atMost(WAIT).until(() -> backendsWaitingForALockOn("from jobs") == 1);
      assertThat(cancel).isNotDone();
      worker.commit();

      assertThat(cancel.get(WAIT.toSeconds(), TimeUnit.SECONDS))
          .isEqualTo(new CancelOutcome.NotCancellable(job.id(), JobStatus.RUNNING));
      assertThat(status(job.id())).isEqualTo("running");
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void cancelAndAConcurrentClaimNeverBothSucceed() throws Exception {
    int rounds = 200;
    int cancelsWon = 0;
    int claimsWon = 0;
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < rounds; round++) {
        Job job = addQueuedJob();
        CyclicBarrier start = new CyclicBarrier(2);
        CompletableFuture<CancelOutcome> cancel =
            CompletableFuture.supplyAsync(
                () -> {
                  arrive(start);
                  return cancelJob.cancel(TenantId.SYSTEM, job.id());
                },
                threads);
        CompletableFuture<Integer> claim =
            CompletableFuture.supplyAsync(
                () -> {
                  arrive(start);
                  return claim(job.id());
                },
                threads);

        boolean cancelled =
            cancel.get(WAIT.toSeconds(), TimeUnit.SECONDS) instanceof CancelOutcome.Cancelled;
        boolean claimed = claim.get(WAIT.toSeconds(), TimeUnit.SECONDS) == 1;

        assertThat(cancelled && claimed).as("round %d: both succeeded", round).isFalse();
        assertThat(cancelled || claimed).as("round %d: neither succeeded", round).isTrue();
        assertThat(status(job.id())).isEqualTo(cancelled ? "cancelled" : "running");
        cancelsWon += cancelled ? 1 : 0;
        claimsWon += claimed ? 1 : 0;
      }
    } finally {
      threads.shutdownNow();
    }
    log.info(
        "cancel/claim race rounds={} cancelsWon={} claimsWon={}", rounds, cancelsWon, claimsWon);
    assertThat(cancelsWon + claimsWon).isEqualTo(rounds);
  }

  private Job addQueuedJob() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Job job =
        Job.accept(
            JobId.newId(now, random),
            TenantId.SYSTEM,
            null,
            new JobRequest(
                "https://example.org/",
                HttpMethod.GET,
                Map.of(),
                null,
                Duration.ofSeconds(10),
                true,
                RetryPolicy.DEFAULT,
                null,
                Map.of()),
            now);
    transactions.inTransaction(
        () -> {
          jobs.add(job);
          return null;
        });
    return job;
  }

  private int claim(JobId id) {
    return jdbc().sql(CLAIM).param(id.value()).update();
  }

  private String status(JobId id) {
    return jdbc()
        .sql("SELECT status FROM jobs WHERE id = ?")
        .param(id.value())
        .query(String.class)
        .single();
  }

  /**
   * Backends of this database blocked on a lock while running a statement containing {@code sql}.
   */
  private long backendsWaitingForALockOn(String sql) {
    return jdbc()
        .sql(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND wait_event_type = 'Lock' AND query ILIKE ?")
        .param("%" + sql + "%")
        .query(Long.class)
        .single();
  }

  private HttpResponse<String> delete(JobId id) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/jobs/" + id))
            .header("Authorization", "Bearer " + ADMIN_KEY)
            .DELETE()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void arrive(CyclicBarrier barrier) {
    try {
      barrier.await(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the other side never arrived", e);
    }
  }

  /** A {@link JobRepository} that holds the transaction open after {@link #lock} succeeded. */
  private record PausingAfterLock(
      JobRepository delegate, CountDownLatch locked, CountDownLatch release)
      implements JobRepository {

    @Override
    public void add(Job job) {
      delegate.add(job);
    }

    @Override
    public Optional<Job> find(TenantId tenant, JobId id) {
      return delegate.find(tenant, id);
    }

    @Override
    public Optional<Job> lock(TenantId tenant, JobId id) {
      Optional<Job> job = delegate.lock(tenant, id);
      locked.countDown();
      try {
        if (!release.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
          throw new IllegalStateException("never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return job;
    }

    @Override
    public void update(Job job) {
      delegate.update(job);
    }
  }
}
