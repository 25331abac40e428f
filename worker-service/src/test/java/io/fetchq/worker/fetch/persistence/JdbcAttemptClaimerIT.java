package io.fetchq.worker.fetch.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.worker.WorkerIntegrationTest;
import io.fetchq.worker.fetch.domain.AttemptRef;
import io.fetchq.worker.fetch.domain.ClaimedJob;
import io.fetchq.worker.fetch.domain.JobId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
    return new AttemptRef(new JobId(id), attempt);
  }

  @Test
  void claimsDueAttemptsInOneStatementAndReturnsTheirRequests() throws Exception {
    byte[] body = "payload".getBytes(StandardCharsets.UTF_8);
    UUID queued = insert(new NewJob("queued", 0, "POST", URL, Map.of("X-A", "1"), body, 2_500));
    UUID retrying = insert(NewJob.get(URL).withStatus("retrying", 2));
    UUID crashed = insert(NewJob.get(URL).withStatus("running", 1));

    List<ClaimedJob> claimed =
        claimer().claim(List.of(ref(queued, 1), ref(retrying, 3), ref(crashed, 1)));

    assertThat(claimed)
        .extracting(ClaimedJob::ref)
        .containsExactlyInAnyOrder(ref(queued, 1), ref(retrying, 3), ref(crashed, 1));
    ClaimedJob post =
        claimed.stream().filter(c -> c.jobId().value().equals(queued)).findFirst().orElseThrow();
    assertThat(post.tenantId().value()).isEqualTo(SYSTEM_TENANT);
    assertThat(post.request().method()).isEqualTo("POST");
    assertThat(post.request().url()).isEqualTo(URI.create(URL));
    assertThat(post.request().headers()).isEqualTo(Map.of("X-A", "1"));
    assertThat(post.request().body()).isEqualTo(body);
    assertThat(post.request().timeout()).isEqualTo(Duration.ofMillis(2_500));
    assertThat(post.request().followRedirects()).isFalse();
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

    List<ClaimedJob> claimed =
        claimer()
            .claim(
                List.of(
                    ref(cancelled, 1),
                    ref(completed, 1),
                    ref(completed, 2),
                    ref(failed, 6),
                    ref(ahead, 2),
                    ref(runningOther, 1),
                    ref(UUID.randomUUID(), 1)));

    assertThat(claimed).isEmpty();
    assertThat(status(cancelled)).isEqualTo("cancelled");
    assertThat(job(ahead).get("attempts")).isEqualTo(0);
    assertThat(job(runningOther).get("attempts")).isEqualTo(2);
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
