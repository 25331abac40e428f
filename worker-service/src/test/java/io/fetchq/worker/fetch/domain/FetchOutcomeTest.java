package io.fetchq.worker.fetch.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.kernel.jobs.JobStatus;
import io.fetchq.kernel.jobs.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FetchOutcomeTest {

  private static final Instant STARTED = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant NOW = STARTED.plusMillis(40);
  private static final AttemptTiming TIMING = new AttemptTiming(null, STARTED, NOW);
  private static final RetryPolicy POLICY =
      new RetryPolicy(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30));

  static ClaimedJob job(int attempt) {
    return new ClaimedJob(
        new JobId(UUID.randomUUID()),
        new TenantId(UUID.randomUUID()),
        2,
        attempt,
        new FetchRequest(
            "GET",
            URI.create("https://Example.org:8443/a"),
            Map.of(),
            null,
            Duration.ofSeconds(1),
            true),
        POLICY,
        STARTED.minusSeconds(1));
  }

  private static FetchResponse response(int status, Map<String, String> headers) {
    return new FetchResponse(status, headers, new byte[] {7}, false, 1L, 5);
  }

  private static FetchResult result(String kind) {
    return switch (kind) {
      case "timeout" -> new FetchError(ErrorType.TIMEOUT, "no complete response within 500 ms");
      case "connect" -> new FetchError(ErrorType.CONNECT, "could not connect");
      case "io" -> new FetchError(ErrorType.IO, "reset");
      case "dns" -> new FetchError(ErrorType.DNS, "host name could not be resolved: x");
      case "tls" -> new FetchError(ErrorType.TLS, "TLS failure");
      case "destination_refused" -> new FetchError(ErrorType.DESTINATION_REFUSED, "refused");
      case "too_large" -> new FetchError(ErrorType.TOO_LARGE, "too large");
      default -> response(Integer.parseInt(kind), Map.of());
    };
  }

  @ParameterizedTest(name = "attempt {1} of 3 with {0} → {2}")
  @CsvSource({
    // result, attempt, job status, attempt outcome, lastError type
    "200, 1, completed, completed, ",
    "404, 1, completed, completed, ",
    "301, 1, completed, completed, ",
    "501, 1, completed, completed, ",
    "503, 3, failed, failed, http_status",
    "503, 1, retrying, retryable_error, http_status",
    "408, 2, retrying, retryable_error, http_status",
    "425, 1, retrying, retryable_error, http_status",
    "429, 1, retrying, retryable_error, http_status",
    "500, 2, retrying, retryable_error, http_status",
    "502, 1, retrying, retryable_error, http_status",
    "504, 1, retrying, retryable_error, http_status",
    "500, 3, failed, failed, http_status",
    "timeout, 1, retrying, retryable_error, timeout",
    "connect, 2, retrying, retryable_error, connect",
    "io, 1, retrying, retryable_error, io",
    "timeout, 3, failed, failed, timeout",
    "dns, 1, failed, failed, dns",
    "tls, 1, failed, failed, tls",
    "destination_refused, 1, failed, failed, destination_refused",
    "too_large, 2, failed, failed, too_large"
  })
  void decidesTheOutcomeOfAnAttempt(
      String kind, int attempt, String status, String attemptOutcome, String errorType) {
    FetchOutcome outcome = FetchOutcome.decide(job(attempt), result(kind), TIMING, 0.5);

    assertThat(outcome.status()).isEqualTo(JobStatus.fromWire(status));
    assertThat(outcome.attemptOutcome().wireName()).isEqualTo(attemptOutcome);
    assertThat(outcome.lastError().map(JobError::type).orElse(null)).isEqualTo(errorType);
    assertThat(outcome.attempt()).isEqualTo(outcome.job().ref());
    assertThat(outcome.finishedAt()).isEqualTo(NOW);
  }

  @Test
  void schedulesTheNextAttemptAfterTheJitteredBackoff() {
    ClaimedJob job = job(2);

    FetchResponse unavailable = response(503, Map.of());

    FetchOutcome outcome = FetchOutcome.decide(job, unavailable, TIMING, 0.0);

    // base 1 s * 2^(3-2) = 2 s, jitter factor 0.8 → 1.6 s after the attempt finished
    Instant next = NOW.plusMillis(1600);
    assertThat(outcome).isEqualTo(new FetchOutcome.Retrying(job, TIMING, unavailable, next));
    assertThat(outcome.followUp())
        .contains(new FollowUp.Retry(job.jobId(), job.tenantId(), 2, 3, next, "example.org"));
    assertThat(outcome.storedResponse()).as("a retrying job keeps no result").isEmpty();
    assertThat(outcome.lastError()).contains(new JobError("http_status", "HTTP 503"));
  }

  @Test
  void honoursALongerRetryAfterCappedAtTheMaxDelay() {
    FetchOutcome asked =
        FetchOutcome.decide(job(1), response(429, Map.of("retry-after", "7")), TIMING, 0.5);
    FetchOutcome capped =
        FetchOutcome.decide(job(1), response(503, Map.of("retry-after", "3600")), TIMING, 0.5);
    FetchOutcome shorter =
        FetchOutcome.decide(job(1), response(503, Map.of("retry-after", "0")), TIMING, 0.5);
    FetchOutcome garbage =
        FetchOutcome.decide(job(1), response(503, Map.of("retry-after", "soon")), TIMING, 0.5);

    assertThat(((FetchOutcome.Retrying) asked).nextAttemptAt()).isEqualTo(NOW.plusSeconds(7));
    assertThat(((FetchOutcome.Retrying) capped).nextAttemptAt()).isEqualTo(NOW.plusSeconds(30));
    assertThat(((FetchOutcome.Retrying) shorter).nextAttemptAt()).isEqualTo(NOW.plusSeconds(1));
    assertThat(((FetchOutcome.Retrying) garbage).nextAttemptAt()).isEqualTo(NOW.plusSeconds(1));
  }

  @Test
  void anExhaustedStatusFailsTheJobButKeepsTheResponseAndDeadLetters() {
    ClaimedJob job = job(3);
    FetchResponse last = response(503, Map.of());

    FetchOutcome outcome = FetchOutcome.decide(job, last, TIMING, 0.5);

    assertThat(outcome.storedResponse()).contains(last);
    JobError error = new JobError("http_status", "HTTP 503 after 3 attempts");
    assertThat(outcome.lastError()).contains(error);
    FollowUp.DeadLetter dead = (FollowUp.DeadLetter) outcome.followUp().orElseThrow();
    assertThat(dead)
        .isEqualTo(
            new FollowUp.DeadLetter(
                job.jobId(), job.tenantId(), 2, "https://Example.org:8443/a", NOW, error));
    assertThat(dead.host()).isEqualTo("example.org");
  }

  @Test
  void aNonRetryableErrorFailsAtOnceWithItsOwnError() {
    FetchOutcome outcome = FetchOutcome.decide(job(1), result("dns"), TIMING, 0.5);

    assertThat(outcome.storedResponse()).isEmpty();
    assertThat(outcome.lastError())
        .contains(new JobError("dns", "host name could not be resolved: x"));
    assertThat(outcome.followUp()).containsInstanceOf(FollowUp.DeadLetter.class);
  }

  @Test
  void aCompletedJobHasNoErrorAndNothingToFollow() {
    FetchOutcome outcome = FetchOutcome.decide(job(2), response(404, Map.of()), TIMING, 0.5);

    assertThat(outcome.lastError()).isEmpty();
    assertThat(outcome.followUp()).isEmpty();
    assertThat(outcome.storedResponse()).contains((FetchResponse) outcome.result());
  }

  @Test
  void deadLetterHostsDropPortBracketsAndCase() {
    assertThat(FollowUp.hostOf("http://[::1]:8080/x")).isEqualTo("::1");
    assertThat(FollowUp.hostOf("https://API.Example.COM/")).isEqualTo("api.example.com");
    assertThat(FollowUp.hostOf("not a url")).isEmpty();
    assertThat(FollowUp.hostOf("mailto:x@example.org")).isEmpty();
  }

  @Test
  void errorMessagesAreFlattenedAndBounded() {
    FetchError error = new FetchError(ErrorType.IO, "line1\nline2\u0000" + "x".repeat(1000));

    assertThat(error.message()).doesNotContain("\n", "\u0000").startsWith("line1 line2");
    assertThat(error.message()).hasSizeLessThanOrEqualTo(FetchError.MAX_MESSAGE_LENGTH);
    assertThat(new FetchError(ErrorType.IO, null).message()).isEmpty();
    assertThat(new JobError("io", null).message()).isEmpty();
  }

  @Test
  void valuesRefuseWhatCannotHappen() {
    URI url = URI.create("https://example.org/");
    Duration timeout = Duration.ofSeconds(1);
    JobId id = new JobId(UUID.randomUUID());

    assertThatThrownBy(() -> new FetchRequest("TRACE", url, Map.of(), null, timeout, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new FetchRequest("GET", URI.create("/relative"), Map.of(), null, timeout, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FetchRequest("GET", url, Map.of(), null, Duration.ZERO, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AttemptRef.of(id, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AttemptRef(id, -1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AttemptTiming(null, NOW, STARTED))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AttemptOutcome.fromWire("nope"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(AttemptOutcome.fromWire("retryable_error"))
        .isEqualTo(AttemptOutcome.RETRYABLE_ERROR);
    assertThat(AttemptRef.of(id, 1).next()).isEqualTo(new AttemptRef(id, 0, 2));
    assertThat(new FetchRequest("GET", url, null, null, timeout, false).headers()).isEmpty();
  }
}
