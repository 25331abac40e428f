package io.fetchq.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.jobs.domain.HttpMethod;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.jobs.usecase.JobAttemptRepository;
import io.fetchq.api.jobs.usecase.JobRepository;
import io.fetchq.api.jobs.usecase.Transactions;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.kernel.jobs.RetryPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code GET /api/v1/jobs/{id}/attempts} reading rows a worker wrote to {@code job_attempts}. */
class JobAttemptsIT extends ApiIntegrationTest {

  private static final Instant STARTED = Instant.parse("2026-11-22T10:00:00.250Z");

  @Autowired private JobRepository jobs;
  @Autowired private JobAttemptRepository attemptRepository;
  @Autowired private Transactions transactions;

  private final HttpClient http = HttpClient.newHttpClient();
  private final Random random = new Random();

  @Test
  void listsTheAttemptsOfTheJobsCurrentGenerationInOrder() throws Exception {
    Job job = addJob(TenantId.SYSTEM);
    jdbc()
        .sql("UPDATE jobs SET generation = 1, status = 'retrying', attempts = 2 WHERE id = ?")
        .param(job.id().value())
        .update();
    insertAttempt(job.id(), 0, 1, "retryable_error", 503, "http_status", "target answered 503");
    insertAttempt(job.id(), 0, 2, "failed", null, "timeout", "no response within 10000 ms");
    insertAttempt(job.id(), 1, 2, "retryable_error", null, "connect", "connection refused");
    insertAttempt(job.id(), 1, 1, "retryable_error", 429, "http_status", "target answered 429");

    HttpResponse<String> response = attempts(job.id());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode items = json.readTree(response.body()).get("items");
    assertThat(items).hasSize(2);
    JsonNode first = items.get(0);
    assertThat(first.get("attempt").asInt()).isEqualTo(1);
    assertThat(first.get("startedAt").asText()).isEqualTo("2026-11-22T10:00:01.250Z");
    assertThat(first.get("durationMs").asInt()).isEqualTo(101);
    assertThat(first.get("outcome").asText()).isEqualTo("retryable_error");
    assertThat(first.get("statusCode").asInt()).isEqualTo(429);
    assertThat(first.get("error").get("type").asText()).isEqualTo("http_status");
    assertThat(first.get("error").get("message").asText()).isEqualTo("target answered 429");
    JsonNode second = items.get(1);
    assertThat(second.get("attempt").asInt()).isEqualTo(2);
    assertThat(second.get("statusCode").isNull()).isTrue();
    assertThat(second.get("error").get("type").asText()).isEqualTo("connect");
  }

  @Test
  void showsACompletedAttemptWithoutAnError() throws Exception {
    Job job = addJob(TenantId.SYSTEM);
    insertAttempt(job.id(), 0, 1, "completed", 200, null, null);

    JsonNode attempt = json.readTree(attempts(job.id()).body()).get("items").get(0);

    assertThat(attempt.get("outcome").asText()).isEqualTo("completed");
    assertThat(attempt.get("statusCode").asInt()).isEqualTo(200);
    assertThat(attempt.get("error").isNull()).isTrue();
  }

  @Test
  void listsNoAttemptsForAJobThatHasNotRunYet() throws Exception {
    Job job = addJob(TenantId.SYSTEM);

    HttpResponse<String> response = attempts(job.id());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json.readTree(response.body()).get("items")).isEmpty();
  }

  @Test
  void answersNotFoundForAnotherTenantsJobAndForAnUnknownJob() throws Exception {
    TenantId other = new TenantId(UUID.randomUUID());
    jdbc()
        .sql(
            """
            INSERT INTO tenants (id, name, rate_limit_per_second, rate_limit_burst, webhook_secret)
            VALUES (?, ?, 1, 1, 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')
            """)
        .params(other.value(), "attempts-it-" + other)
        .update();
    Job job = addJob(other);
    insertAttempt(job.id(), 0, 1, "completed", 200, null, null);

    assertThat(attempts(job.id()).statusCode()).isEqualTo(404);
    assertThat(attempts(new JobId(UUID.randomUUID())).statusCode()).isEqualTo(404);
    assertThat(attemptRepository.list(TenantId.SYSTEM, job.id(), 0))
        .as("the repository itself scopes attempts by the job's tenant")
        .isEmpty();
    assertThat(attemptRepository.list(other, job.id(), 0)).hasSize(1);
  }

  private void insertAttempt(
      JobId job,
      int generation,
      int attempt,
      String outcome,
      Integer statusCode,
      String errorType,
      String errorMessage) {
    jdbc()
        .sql(
            """
            INSERT INTO job_attempts (job_id, generation, attempt, started_at, duration_ms, outcome,
                                      status_code, error_type, error_message)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        .params(
            job.value(),
            generation,
            attempt,
            Timestamp.from(STARTED.plusSeconds(attempt)),
            100 + attempt,
            outcome,
            statusCode,
            errorType,
            errorMessage)
        .update();
  }

  private Job addJob(TenantId tenant) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Job job =
        Job.accept(
            JobId.newId(now, random),
            tenant,
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

  private HttpResponse<String> attempts(JobId id) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/jobs/" + id + "/attempts"))
            .header("Authorization", "Bearer " + ADMIN_KEY)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
