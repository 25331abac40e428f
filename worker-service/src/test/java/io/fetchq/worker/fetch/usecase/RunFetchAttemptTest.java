package io.fetchq.worker.fetch.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.kernel.jobs.JobStatus;
import io.fetchq.worker.fetch.domain.AttemptRef;
import io.fetchq.worker.fetch.domain.ClaimedJob;
import io.fetchq.worker.fetch.domain.ErrorType;
import io.fetchq.worker.fetch.domain.FetchError;
import io.fetchq.worker.fetch.domain.FetchOutcome;
import io.fetchq.worker.fetch.domain.FetchRequest;
import io.fetchq.worker.fetch.domain.FetchResponse;
import io.fetchq.worker.fetch.domain.JobId;
import io.fetchq.worker.fetch.domain.TenantId;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RunFetchAttemptTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  /** Records outcomes; completes their futures only when told to. */
  static final class FakeRecorder implements OutcomeRecorder {
    final List<FetchOutcome> recorded = new ArrayList<>();
    final List<CompletableFuture<Boolean>> futures = new ArrayList<>();

    @Override
    public CompletableFuture<Boolean> record(FetchOutcome outcome) {
      recorded.add(outcome);
      CompletableFuture<Boolean> future = new CompletableFuture<>();
      futures.add(future);
      return future;
    }
  }

  static ClaimedJob job() {
    return new ClaimedJob(
        new JobId(UUID.randomUUID()),
        new TenantId(UUID.randomUUID()),
        1,
        new FetchRequest(
            "GET",
            URI.create("https://example.org/"),
            Map.of(),
            null,
            Duration.ofSeconds(1),
            true));
  }

  @Test
  void recordsAResponseAsCompletedAndFinishesOnlyWhenDurable() {
    FetchResponse response = new FetchResponse(404, Map.of(), new byte[] {1}, false, 1L, 3);
    FakeRecorder recorder = new FakeRecorder();
    ClaimedJob job = job();

    CompletableFuture<FetchOutcome> result =
        new RunFetchAttempt(request -> response, recorder, clock).run(job);

    assertThat(recorder.recorded)
        .containsExactly(new FetchOutcome.Completed(job.ref(), response, NOW));
    assertThat(result).as("not durable yet").isNotDone();
    recorder.futures.getFirst().complete(true);
    assertThat(result).isCompletedWithValue(recorder.recorded.getFirst());
  }

  @Test
  void recordsAnErrorAsFailed() {
    FetchError error = new FetchError(ErrorType.TIMEOUT, "no complete response within 500 ms");
    FakeRecorder recorder = new FakeRecorder();
    ClaimedJob job = job();

    new RunFetchAttempt(request -> error, recorder, clock).run(job);

    assertThat(recorder.recorded).containsExactly(new FetchOutcome.Failed(job.ref(), error, NOW));
  }

  @Test
  void turnsAnUnexpectedFetcherExceptionIntoAnIoFailure() {
    FakeRecorder recorder = new FakeRecorder();

    new RunFetchAttempt(
            request -> {
              throw new IllegalStateException("secret-header-value");
            },
            recorder,
            clock)
        .run(job());

    FetchOutcome.Failed failed = (FetchOutcome.Failed) recorder.recorded.getFirst();
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.error().type()).isEqualTo(ErrorType.IO);
    assertThat(failed.error().message()).doesNotContain("secret");
  }

  @Test
  void aDuplicateOutcomeStillFinishes() {
    FakeRecorder recorder = new FakeRecorder();
    CompletableFuture<FetchOutcome> result =
        new RunFetchAttempt(request -> new FetchError(ErrorType.IO, "x"), recorder, clock)
            .run(job());

    recorder.futures.getFirst().complete(false);

    assertThat(result).isCompleted();
  }

  @Test
  void claimsEachAttemptOnceAndSkipsTheStoreForAnEmptyBatch() {
    List<List<AttemptRef>> calls = new ArrayList<>();
    ClaimAttempts claim =
        new ClaimAttempts(
            attempts -> {
              calls.add(attempts);
              return List.of();
            });
    AttemptRef a = new AttemptRef(new JobId(UUID.randomUUID()), 1);
    AttemptRef b = new AttemptRef(new JobId(UUID.randomUUID()), 2);

    assertThat(claim.claim(List.of())).isEmpty();
    claim.claim(List.of(a, b, a));

    assertThat(calls).containsExactly(List.of(a, b));
  }
}
