package io.fetchq.api.jobs.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.jobs.domain.HttpMethod;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobError;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.jobs.domain.JobResult;
import io.fetchq.api.jobs.domain.RequestBody;
import io.fetchq.api.jobs.usecase.JobRepository;
import io.fetchq.api.jobs.usecase.Transactions;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.kernel.jobs.JobStatus;
import io.fetchq.kernel.jobs.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class JpaJobRepositoryIT extends ApiIntegrationTest {

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  @Autowired private JobRepository jobs;
  @Autowired private Transactions transactions;

  private final Random random = new Random();

  private Job newJob(JobRequest request) {
    return Job.accept(JobId.newId(NOW, random), TenantId.SYSTEM, null, request, NOW);
  }

  private static JobRequest fullRequest() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/json");
    headers.put("Authorization", "Bearer secret");
    headers.put("X-Note", "tabs\tand \"quotes\" and ünïcode");
    return new JobRequest(
        "https://example.org/data.json?q=1",
        HttpMethod.POST,
        headers,
        new RequestBody(new byte[] {0, 1, 2, (byte) 0xff, 'a'}, true),
        Duration.ofMillis(2500),
        false,
        new RetryPolicy(3, Duration.ofMillis(200), 1.5, Duration.ofSeconds(10)),
        "https://client.example/hooks/fetchq",
        Map.of("orderId", "42", "empty", ""));
  }

  private static JobRequest minimalRequest() {
    return new JobRequest(
        "http://example.org/",
        HttpMethod.GET,
        Map.of(),
        null,
        Duration.ofSeconds(10),
        true,
        RetryPolicy.DEFAULT,
        null,
        Map.of());
  }

  private void add(Job job) {
    transactions.inTransaction(
        () -> {
          jobs.add(job);
          return null;
        });
  }

  @Test
  void storesAndFindsAJobWithHeadersMetadataBinaryBodyAndRetryPolicy() {
    Job job = newJob(fullRequest());

    add(job);

    Job found = jobs.find(TenantId.SYSTEM, job.id()).orElseThrow();
    assertThat(found).isEqualTo(job);
    assertThat(found.request().body().submittedAsBase64()).isTrue();
    assertThat(found.request().body().bytes()).containsExactly(0, 1, 2, 0xff, 'a');
    assertThat(found.request().headers()).isEqualTo(job.request().headers());
    assertThat(found.request().metadata())
        .containsEntry("orderId", "42")
        .containsEntry("empty", "");
    assertThat(found.request().retryPolicy())
        .isEqualTo(new RetryPolicy(3, Duration.ofMillis(200), 1.5, Duration.ofSeconds(10)));
    assertThat(found.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(found.result()).isNull();
  }

  @Test
  void storesTheStatusAsItsWireName() {
    Job job = newJob(minimalRequest());

    add(job);

    String status =
        jdbc()
            .sql("SELECT status FROM jobs WHERE id = ?")
            .param(job.id().value())
            .query(String.class)
            .single();
    assertThat(status).isEqualTo("queued");
    assertThat(jobs.find(TenantId.SYSTEM, job.id())).contains(job);
  }

  @Test
  void roundTripsAFinishedJobWithoutBodyOrCallback() {
    Job job =
        new Job(
            JobId.newId(NOW, random),
            TenantId.SYSTEM,
            UUID.randomUUID(),
            JobStatus.FAILED,
            minimalRequest(),
            5,
            0,
            null,
            NOW,
            NOW.plusSeconds(30),
            NOW.plusSeconds(30),
            null,
            new JobError("timeout", "no response within 10000 ms"));

    add(job);

    assertThat(jobs.find(TenantId.SYSTEM, job.id())).contains(job);
  }

  @Test
  void findsTheResultTheWorkerWrote() {
    Job job = newJob(minimalRequest());
    add(job);
    byte[] body = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);
    Instant fetchedAt = NOW.plusMillis(87);
    jdbc()
        .sql(
            """
            INSERT INTO job_results (job_id, status_code, headers, body, body_truncated, body_size,
                                     duration_ms, fetched_at)
            VALUES (?, 200, ?::jsonb, ?, false, 17, 87, ?)
            """)
        .params(
            job.id().value(),
            "{\"content-type\": \"application/json\", \"vary\": \"accept, origin\"}",
            body,
            java.sql.Timestamp.from(fetchedAt))
        .update();
    jdbc()
        .sql("UPDATE jobs SET status = 'completed', attempts = 1, completed_at = ? WHERE id = ?")
        .params(java.sql.Timestamp.from(fetchedAt), job.id().value())
        .update();

    Job found = jobs.find(TenantId.SYSTEM, job.id()).orElseThrow();

    assertThat(found.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(found.attempts()).isEqualTo(1);
    assertThat(found.completedAt()).isEqualTo(fetchedAt);
    assertThat(found.result())
        .isEqualTo(
            new JobResult(
                200,
                Map.of("content-type", "application/json", "vary", "accept, origin"),
                body,
                false,
                17L,
                87,
                fetchedAt));
    assertThat(found.result().isTextual()).isTrue();
  }

  @Test
  void anotherTenantNeverFindsTheJob() {
    Job job = newJob(minimalRequest());
    add(job);

    assertThat(jobs.find(new TenantId(UUID.randomUUID()), job.id())).isEmpty();
    assertThat(jobs.find(TenantId.SYSTEM, new JobId(UUID.randomUUID()))).isEmpty();
  }

  @Test
  void refusesASecondJobWithTheSameId() {
    Job job = newJob(minimalRequest());
    add(job);

    assertThatThrownBy(() -> add(job))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(job.id().toString());
  }

  @Test
  void jdbcWorkJoinsTheJpaTransaction() {
    Job job = newJob(minimalRequest());

    assertThatThrownBy(
            () ->
                transactions.inTransaction(
                    () -> {
                      jobs.add(job);
                      // Only the transaction's own connection can see the uncommitted row.
                      long seen =
                          jdbc()
                              .sql("SELECT count(*) FROM jobs WHERE id = ?")
                              .param(job.id().value())
                              .query(Long.class)
                              .single();
                      assertThat(seen).isEqualTo(1);
                      throw new IllegalStateException("roll back");
                    }))
        .hasMessage("roll back");

    assertThat(jobs.find(TenantId.SYSTEM, job.id())).isEmpty();
  }

  @Test
  void locksOnlyTheTenantsJobAndRoundTripsItsGeneration() {
    Job job = newJob(minimalRequest());
    add(job);
    jdbc().sql("UPDATE jobs SET generation = 3 WHERE id = ?").param(job.id().value()).update();

    Job locked =
        transactions.inTransaction(() -> jobs.lock(TenantId.SYSTEM, job.id())).orElseThrow();

    assertThat(locked.generation()).isEqualTo(3);
    assertThat(jobs.find(TenantId.SYSTEM, job.id()).orElseThrow().generation()).isEqualTo(3);
    assertThat(
            transactions.inTransaction(() -> jobs.lock(new TenantId(UUID.randomUUID()), job.id())))
        .isEmpty();
  }

  @Test
  void updatesTheLifeCycleStateOfALockedJob() {
    Job job = newJob(minimalRequest());
    add(job);
    Instant later = NOW.plusSeconds(5);

    Job cancelled =
        transactions.inTransaction(
            () -> {
              Job next = jobs.lock(TenantId.SYSTEM, job.id()).orElseThrow().cancel(later);
              jobs.update(next);
              return next;
            });

    assertThat(jobs.find(TenantId.SYSTEM, job.id())).contains(cancelled);
    assertThat(
            jdbc()
                .sql("SELECT status FROM jobs WHERE id = ?")
                .param(job.id().value())
                .query(String.class)
                .single())
        .isEqualTo("cancelled");
  }

  @Test
  void removesTheStoredResultOfAReplayedJob() {
    Job job = newJob(minimalRequest());
    add(job);
    jdbc()
        .sql(
            """
            INSERT INTO job_results (job_id, status_code, headers, body, body_truncated, duration_ms,
                                     fetched_at)
            VALUES (?, 503, '{}'::jsonb, ?, false, 12, now())
            """)
        .params(job.id().value(), new byte[] {1})
        .update();
    jdbc()
        .sql(
            "UPDATE jobs SET status = 'failed', attempts = 5, completed_at = now(),"
                + " last_error_type = 'http_status', last_error_message = '503' WHERE id = ?")
        .param(job.id().value())
        .update();
    Instant later = NOW.plusSeconds(60);

    Job replayed =
        transactions.inTransaction(
            () -> {
              Job failed = jobs.lock(TenantId.SYSTEM, job.id()).orElseThrow();
              assertThat(failed.result()).isNotNull();
              Job next = failed.replay(later);
              jobs.update(next);
              return next;
            });

    assertThat(jobs.find(TenantId.SYSTEM, job.id())).contains(replayed);
    assertThat(
            jdbc()
                .sql("SELECT count(*) FROM job_results WHERE job_id = ?")
                .param(job.id().value())
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void refusesToUpdateAJobThatDoesNotExist() {
    Job job = newJob(minimalRequest());

    assertThatThrownBy(
            () ->
                transactions.inTransaction(
                    () -> {
                      jobs.update(job.cancel(NOW));
                      return null;
                    }))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusesToUpdateAJobInTheNameOfAnotherTenant() {
    Job job = newJob(minimalRequest());
    add(job);
    Job cancelled = job.cancel(NOW.plusSeconds(1));
    Job foreign =
        new Job(
            cancelled.id(),
            new TenantId(UUID.randomUUID()),
            cancelled.batchId(),
            cancelled.status(),
            cancelled.request(),
            cancelled.attempts(),
            cancelled.generation(),
            cancelled.nextAttemptAt(),
            cancelled.createdAt(),
            cancelled.updatedAt(),
            cancelled.completedAt(),
            cancelled.result(),
            cancelled.lastError());

    assertThatThrownBy(
            () ->
                transactions.inTransaction(
                    () -> {
                      jobs.update(foreign);
                      return null;
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(jobs.find(TenantId.SYSTEM, job.id()).orElseThrow().status())
        .isEqualTo(JobStatus.QUEUED);
  }

  @Test
  void findsARetryingJobAsTheWorkerLeftIt() {
    Job job = newJob(minimalRequest());
    add(job);
    Instant due = NOW.plusSeconds(4);
    jdbc()
        .sql(
            "UPDATE jobs SET status = 'retrying', attempts = 2, next_attempt_at = ?,"
                + " last_error_type = 'http_status', last_error_message = 'target answered 503'"
                + " WHERE id = ?")
        .params(java.sql.Timestamp.from(due), job.id().value())
        .update();

    Job found = jobs.find(TenantId.SYSTEM, job.id()).orElseThrow();

    assertThat(found.status()).isEqualTo(JobStatus.RETRYING);
    assertThat(found.attempts()).isEqualTo(2);
    assertThat(found.nextAttemptAt()).isEqualTo(due);
    assertThat(found.lastError()).isEqualTo(new JobError("http_status", "target answered 503"));
    assertThat(found.completedAt()).isNull();
  }
}
