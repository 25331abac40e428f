package io.fetchq.worker.fetch.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.kernel.jobs.RetryPolicy;
import io.fetchq.worker.WorkerIntegrationTest;
import io.fetchq.worker.fetch.domain.AttemptRef;
import io.fetchq.worker.fetch.domain.ClaimResult;
import io.fetchq.worker.fetch.domain.ClaimedJob;
import io.fetchq.worker.fetch.domain.FollowUp;
import io.fetchq.worker.fetch.domain.JobError;
import io.fetchq.worker.fetch.domain.JobId;
import io.fetchq.worker.fetch.domain.TenantId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JdbcAttemptClaimerIT extends WorkerIntegrationTest {

  // fake URLs: these jobs are only claimed here, never published
  private static final String URL = "https://example.org/claim";

  private JdbcAttemptClaimer claimer() {
    return new JdbcAttemptClaimer(dataSource, json);
  }

  private static AttemptRef ref(UUID id, int attempt) {
    return AttemptRef.of(new JobId(id), attempt);
  }

  private static List<ClaimedJob> claimedJobs(List<ClaimResult> results) {
    return results.stream()
        .filter(ClaimResult.Claimed.class::isInstance)
        .map(r -> ((ClaimResult.Claimed) r).job())
        .toList();
  }

  @Test
  void claimsDueAttemptsInOneStatementAndReturnsTheirRequestsAndPolicies() throws Exception {
    byte[] body = "payload".getBytes(StandardCharsets.UTF_8);
    UUID queued =
        insert(
            new NewJob("queued", 0, "POST", URL, Map.of("X-A", "1"), body, 2_500)
                .withRetry(3, 250));
    UUID retrying = insert(NewJob.get(URL).withStatus("retrying", 2));
    UUID crashed = insert(NewJob.get(URL).withStatus("running", 1));
    UUID replayed = insert(NewJob.get(URL).withGeneration(2));

    List<ClaimResult> results =
        claimer()
            .claim(
                List.of(
                    ref(queued, 1),
                    ref(retrying, 3),
                    ref(crashed, 1),
                    new AttemptRef(new JobId(replayed), 2, 1)));

    List<ClaimedJob> claimed = claimedJobs(results);
    assertThat(results).hasSize(4);
    assertThat(claimed)
        .extracting(ClaimedJob::ref)
        .containsExactlyInAnyOrder(
            ref(queued, 1),
            ref(retrying, 3),
            ref(crashed, 1),
            new AttemptRef(new JobId(replayed), 2, 1));
    ClaimedJob post =
        claimed.stream().filter(c -> c.jobId().value().equals(queued)).findFirst().orElseThrow();
    assertThat(post.tenantId()).isEqualTo(new TenantId(SYSTEM_TENANT));
    assertThat(post.request().method()).isEqualTo("POST");
    assertThat(post.request().url()).isEqualTo(URI.create(URL));
    assertThat(post.request().headers()).isEqualTo(Map.of("X-A", "1"));
    assertThat(post.request().body()).isEqualTo(body);
    assertThat(post.request().timeout()).isEqualTo(Duration.ofMillis(2_500));
    assertThat(post.request().followRedirects()).isFalse();
    assertThat(post.policy())
        .isEqualTo(new RetryPolicy(3, Duration.ofMillis(250), 2.0, Duration.ofMinutes(5)));
    assertThat(status(queued)).isEqualTo("running");
    assertThat(job(retrying).get("attempts")).isEqualTo(3);
  }

  @Test
  void leavesStaleAttemptsAlone() throws Exception {
    UUID cancelled = insert(NewJob.get(URL).withStatus("cancelled", 0));
    UUID completed = insert(NewJob.get(URL).withStatus("completed", 1));
    UUID failed = insert(NewJob.get(URL).withStatus("failed", 5));
    UUID ahead = insert(NewJob.get(URL));
    UUID runningOther = insert(NewJob.get(URL).withStatus("running", 2));
    UUID replayed = insert(NewJob.get(URL).withGeneration(1));

    List<ClaimResult> claimed =
        claimer()
            .claim(
                List.of(
                    ref(cancelled, 1),
                    ref(completed, 1),
                    ref(completed, 2),
                    ref(failed, 6),
                    ref(ahead, 2),
                    ref(runningOther, 1),
                    ref(replayed, 1),
                    ref(UUID.randomUUID(), 1)));

    assertThat(claimed).isEmpty();
    assertThat(status(cancelled)).isEqualTo("cancelled");
    assertThat(job(ahead).get("attempts")).isEqualTo(0);
    assertThat(job(runningOther).get("attempts")).isEqualTo(2);
    assertThat(status(replayed)).as("a message of an older generation").isEqualTo("queued");
  }

  @Test
  void reportsRecordedAttemptsWhoseFollowUpMayBeMissing() throws Exception {
    Instant next = Instant.parse("2026-11-22T10:00:05Z");
    Instant failedAt = Instant.parse("2026-11-22T10:00:01Z");
    UUID retrying = insert(NewJob.get(URL).withStatus("retrying", 2));
    jdbc()
        .update("UPDATE jobs SET next_attempt_at = ? WHERE id = ?", Timestamp.from(next), retrying);
    UUID failed = insert(NewJob.get(URL).withStatus("failed", 1).withGeneration(3));
    jdbc()
        .update(
            "UPDATE jobs SET completed_at = ?, last_error_type = 'dns', last_error_message = 'x'"
                + " WHERE id = ?",
            Timestamp.from(failedAt),
            failed);
    UUID failedOtherGeneration = insert(NewJob.get(URL).withStatus("failed", 1).withGeneration(1));

    List<ClaimResult> results =
        claimer()
            .claim(
                List.of(
                    ref(retrying, 2),
                    new AttemptRef(new JobId(failed), 3, 1),
                    ref(failedOtherGeneration, 1)));

    TenantId tenant = new TenantId(SYSTEM_TENANT);
    assertThat(results)
        .containsExactlyInAnyOrder(
            new ClaimResult.FollowUpPending(
                ref(retrying, 2),
                new FollowUp.Retry(new JobId(retrying), tenant, 0, 3, next, "example.org")),
            new ClaimResult.FollowUpPending(
                new AttemptRef(new JobId(failed), 3, 1),
                new FollowUp.DeadLetter(
                    new JobId(failed), tenant, 3, URL, failedAt, new JobError("dns", "x"))));
    assertThat(status(retrying)).isEqualTo("retrying");
  }

  @Test
  void claimsNothingForAnEmptyBatch() {
    assertThat(claimer().claim(List.of())).isEmpty();
  }

  @Test
  void skipsARowThatCannotBeMapped() throws Exception {
    UUID broken = insert(NewJob.get("not a url with spaces"));

    assertThat(claimer().claim(List.of(ref(broken, 1)))).isEmpty();
  }
}
