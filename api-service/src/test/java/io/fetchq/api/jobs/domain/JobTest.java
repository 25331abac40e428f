package io.fetchq.api.jobs.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.kernel.jobs.JobStatus;
import io.fetchq.kernel.jobs.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final JobRequest REQUEST =
      new JobRequest(
          "https://example.org/",
          HttpMethod.GET,
          Map.of(),
          null,
          Duration.ofSeconds(10),
          true,
          new RetryPolicy(3, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1)),
          null,
          Map.of());

  private final Job queued =
      Job.accept(
          new JobId(UUID.fromString("0190f5c2-0000-7000-8000-0000000000aa")),
          TenantId.SYSTEM,
          null,
          REQUEST,
          NOW);

  @Test
  void acceptsAsQueuedWithoutAttempts() {
    assertThat(queued.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(queued.attempts()).isZero();
    assertThat(queued.maxAttempts()).isEqualTo(3);
    assertThat(queued.resultIfAny()).isEmpty();
    assertThat(queued.id().toString()).isEqualTo("0190f5c2-0000-7000-8000-0000000000aa");
  }

  @Test
  void cancelsAQueuedJob() {
    Instant later = NOW.plusSeconds(5);

    Job cancelled = queued.cancel(later);

    assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(cancelled.completedAt()).isEqualTo(later);
    assertThat(cancelled.updatedAt()).isEqualTo(later);
    assertThat(cancelled.createdAt()).isEqualTo(NOW);
  }

  @Test
  void refusesToCancelATerminalJob() {
    Job cancelled = queued.cancel(NOW);

    assertThatThrownBy(() -> cancelled.cancel(NOW)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void replaysAFailedJobIntoItsNextGenerationWithAFreshBudget() {
    Instant failedAt = NOW.plusSeconds(30);
    Instant later = NOW.plusSeconds(60);
    Job failed =
        new Job(
            queued.id(),
            TenantId.SYSTEM,
            null,
            JobStatus.FAILED,
            REQUEST,
            3,
            1,
            null,
            NOW,
            failedAt,
            failedAt,
            new JobResult(503, Map.of(), new byte[0], false, 0L, 5, failedAt),
            new JobError("http_status", "503"));

    Job replayed = failed.replay(later);

    assertThat(replayed.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(replayed.attempts()).isZero();
    assertThat(replayed.generation()).isEqualTo(2);
    assertThat(replayed.lastError()).isNull();
    assertThat(replayed.result()).isNull();
    assertThat(replayed.completedAt()).isNull();
    assertThat(replayed.nextAttemptAt()).isNull();
    assertThat(replayed.updatedAt()).isEqualTo(later);
    assertThat(replayed.createdAt()).isEqualTo(NOW);
    assertThat(replayed.request()).isEqualTo(REQUEST);
  }

  @Test
  void refusesToReplayAJobThatDidNotFail() {
    assertThatThrownBy(() -> queued.replay(NOW))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("queued");
    assertThatThrownBy(() -> queued.cancel(NOW).replay(NOW))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void startsInGenerationZeroAndKeepsTheGenerationWhenCancelled() {
    assertThat(queued.generation()).isZero();
    assertThat(queued.cancel(NOW).generation()).isZero();
  }

  @Test
  void refusesANegativeGeneration() {
    assertThatThrownBy(
            () ->
                new Job(
                    queued.id(),
                    TenantId.SYSTEM,
                    null,
                    JobStatus.QUEUED,
                    REQUEST,
                    0,
                    -1,
                    null,
                    NOW,
                    NOW,
                    null,
                    null,
                    null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesAttemptOutcomesFromTheirWireNames() {
    for (AttemptOutcome outcome : AttemptOutcome.values()) {
      assertThat(AttemptOutcome.fromWire(outcome.wireName())).isEqualTo(outcome);
    }
    assertThat(AttemptOutcome.RETRYABLE_ERROR.wireName()).isEqualTo("retryable_error");
    assertThatThrownBy(() -> AttemptOutcome.fromWire("timeout"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesAnAttemptNumberBelowOne() {
    assertThatThrownBy(() -> new JobAttempt(0, NOW, 1, AttemptOutcome.COMPLETED, 200, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new JobAttempt(1, NOW, -1, AttemptOutcome.COMPLETED, 200, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesNegativeAttempts() {
    assertThatThrownBy(
            () ->
                new Job(
                    queued.id(),
                    TenantId.SYSTEM,
                    null,
                    JobStatus.QUEUED,
                    REQUEST,
                    -1,
                    0,
                    null,
                    NOW,
                    NOW,
                    null,
                    null,
                    null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesInvalidRequestValues() {
    assertThatThrownBy(
            () ->
                new JobRequest(
                    "ftp://example.org/",
                    HttpMethod.GET,
                    Map.of(),
                    null,
                    Duration.ofSeconds(1),
                    true,
                    RetryPolicy.DEFAULT,
                    null,
                    Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("url");
  }

  @Test
  void keepsRequestBodiesImmutableAndBounded() {
    byte[] bytes = "abc".getBytes(StandardCharsets.UTF_8);
    RequestBody body = new RequestBody(bytes, false);
    bytes[0] = 'x';

    assertThat(body.bytes()).containsExactly('a', 'b', 'c');
    assertThat(body).isEqualTo(new RequestBody("abc".getBytes(StandardCharsets.UTF_8), false));
    assertThat(body).isNotEqualTo(new RequestBody("abc".getBytes(StandardCharsets.UTF_8), true));
    assertThat(body.hashCode())
        .isEqualTo(new RequestBody("abc".getBytes(StandardCharsets.UTF_8), false).hashCode());
    assertThat(body.toString()).doesNotContain("abc");
    assertThatThrownBy(() -> new RequestBody(new byte[256 * 1024 + 1], true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void comparesResultsByValue() {
    JobResult result =
        new JobResult(200, Map.of("content-type", "text/html"), new byte[] {1}, false, 1L, 5, NOW);
    JobResult same =
        new JobResult(200, Map.of("content-type", "text/html"), new byte[] {1}, false, 1L, 5, NOW);

    assertThat(result).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(result)
        .isNotEqualTo(
            new JobResult(
                200, Map.of("content-type", "text/html"), new byte[] {2}, false, 1L, 5, NOW));
    assertThat(result.toString()).contains("status=200").contains("1 bytes");
    assertThat(result.isTextual()).isTrue();
  }
}
