package io.fetchq.worker.fetch.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.kernel.jobs.JobStatus;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FetchOutcomeTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  static ClaimedJob job(int attempt) {
    return new ClaimedJob(
        new JobId(UUID.randomUUID()),
        new TenantId(UUID.randomUUID()),
        attempt,
        new FetchRequest(
            "GET",
            URI.create("https://example.org/"),
            Map.of(),
            null,
            Duration.ofSeconds(1),
            true));
  }

  @Test
  void anyResponseCompletesTheJobForNow() {
    ClaimedJob job = job(2);
    FetchResponse response = new FetchResponse(503, Map.of(), new byte[0], false, 0L, 5);

    FetchOutcome outcome = FetchOutcome.of(job, response, NOW);

    assertThat(outcome).isInstanceOf(FetchOutcome.Completed.class);
    assertThat(outcome.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(outcome.attempt()).isEqualTo(new AttemptRef(job.jobId(), 2));
    assertThat(outcome.finishedAt()).isEqualTo(NOW);
    assertThat(outcome.retryable()).as("503 will be retried in a later issue").isTrue();
  }

  @Test
  void anErrorFailsTheJobWithItAsLastError() {
    FetchError error = new FetchError(ErrorType.DNS, "host name could not be resolved: x");

    FetchOutcome outcome = FetchOutcome.of(job(1), error, NOW);

    assertThat(outcome).isEqualTo(new FetchOutcome.Failed(outcome.attempt(), error, NOW));
    assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
    assertThat(outcome.retryable()).isFalse();
  }

  @Test
  void errorMessagesAreFlattenedAndBounded() {
    FetchError error = new FetchError(ErrorType.IO, "line1\nline2\u0000" + "x".repeat(1000));

    assertThat(error.message()).doesNotContain("\n", "\u0000").startsWith("line1 line2");
    assertThat(error.message()).hasSizeLessThanOrEqualTo(FetchError.MAX_MESSAGE_LENGTH);
    assertThat(new FetchError(ErrorType.IO, null).message()).isEmpty();
  }

  @Test
  void requestsRefuseWhatTheApiWouldNeverAccept() {
    URI url = URI.create("https://example.org/");
    Duration timeout = Duration.ofSeconds(1);

    assertThatThrownBy(() -> new FetchRequest("TRACE", url, Map.of(), null, timeout, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new FetchRequest("GET", URI.create("/relative"), Map.of(), null, timeout, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FetchRequest("GET", url, Map.of(), null, Duration.ZERO, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AttemptRef(new JobId(UUID.randomUUID()), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new FetchRequest("GET", url, null, null, timeout, false).headers()).isEmpty();
  }
}
