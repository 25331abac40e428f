package io.fetchq.worker.fetch.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.kernel.jobs.RetryPolicy;
import io.fetchq.worker.WorkerIntegrationTest;
import io.fetchq.worker.fetch.domain.ClaimedJob;
import io.fetchq.worker.fetch.domain.FetchRequest;
import io.fetchq.worker.fetch.domain.JobId;
import io.fetchq.worker.fetch.domain.TenantId;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JdbcAttemptReleaserIT extends WorkerIntegrationTest {

  // fake URL: these jobs are never published
  private static final String URL = "https://example.org/release";
  private static final Instant UNTIL = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.MILLIS);

  private JdbcAttemptReleaser releaser() {
    return new JdbcAttemptReleaser(dataSource);
  }

  private static ClaimedJob claimed(UUID id, int generation, int attempt) {
    return new ClaimedJob(
        new JobId(id),
        new TenantId(SYSTEM_TENANT),
        generation,
        attempt,
        new FetchRequest("GET", URI.create(URL), Map.of(), null, Duration.ofSeconds(5), false),
        RetryPolicy.DEFAULT);
  }

  private Instant nextAttemptAt(UUID id) {
    Timestamp at = (Timestamp) job(id).get("next_attempt_at");
    return at == null ? null : at.toInstant();
  }

  @Test
  void givesALaterAttemptBackAsRetryingWithoutSpendingIt() throws Exception {
    UUID id = insert(NewJob.get(URL).withStatus("running", 3));

    assertThat(releaser().release(claimed(id, 0, 3), UNTIL)).isTrue();

    Map<String, Object> job = job(id);
    assertThat(job.get("status")).isEqualTo("retrying");
    assertThat(job.get("attempts")).isEqualTo(2);
    assertThat(nextAttemptAt(id)).isEqualTo(UNTIL);
  }

  @Test
  void givesTheFirstAttemptBackAsQueued() throws Exception {
    UUID id = insert(NewJob.get(URL).withStatus("running", 1).withGeneration(2));

    assertThat(releaser().release(claimed(id, 2, 1), UNTIL)).isTrue();

    assertThat(status(id)).isEqualTo("queued");
    assertThat(job(id).get("attempts")).isEqualTo(0);
    assertThat(nextAttemptAt(id)).isEqualTo(UNTIL);
  }

  @Test
  void leavesTheRowAloneWhenTheClaimIsNoLongerHeld() throws Exception {
    UUID otherAttempt = insert(NewJob.get(URL).withStatus("running", 2));
    UUID otherGeneration = insert(NewJob.get(URL).withStatus("running", 1).withGeneration(1));
    UUID finished = insert(NewJob.get(URL).withStatus("completed", 1));

    assertThat(releaser().release(claimed(otherAttempt, 0, 1), UNTIL)).isFalse();
    assertThat(releaser().release(claimed(otherGeneration, 0, 1), UNTIL)).isFalse();
    assertThat(releaser().release(claimed(finished, 0, 1), UNTIL)).isFalse();

    assertThat(job(otherAttempt)).containsEntry("status", "running").containsEntry("attempts", 2);
    assertThat(job(otherGeneration))
        .containsEntry("status", "running")
        .containsEntry("attempts", 1);
    assertThat(job(finished)).containsEntry("status", "completed").containsEntry("attempts", 1);
    assertThat(nextAttemptAt(otherAttempt)).isNull();
  }
}
