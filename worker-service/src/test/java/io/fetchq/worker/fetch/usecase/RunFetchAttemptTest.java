package io.fetchq.worker.fetch.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.kernel.jobs.JobStatus;
import io.fetchq.kernel.jobs.RetryPolicy;
import io.fetchq.worker.fetch.domain.AttemptTiming;
import io.fetchq.worker.fetch.domain.ClaimedJob;
import io.fetchq.worker.fetch.domain.ErrorType;
import io.fetchq.worker.fetch.domain.FetchError;
import io.fetchq.worker.fetch.domain.FetchOutcome;
import io.fetchq.worker.fetch.domain.FetchRequest;
import io.fetchq.worker.fetch.domain.FetchResponse;
import io.fetchq.worker.fetch.domain.FollowUp;
import io.fetchq.worker.fetch.domain.JobId;
import io.fetchq.worker.fetch.domain.PastAttempt;
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
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RunFetchAttemptTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  /** Records outcomes and answers them with a fixed result. */
  static final class FakeRecorder implements OutcomeRecorder {
    final List<FetchOutcome> recorded = new ArrayList<>();
    CompletableFuture<Boolean> answer = CompletableFuture.completedFuture(true);
    Runnable onRecord = () -> {};

    @Override
    public CompletableFuture<Boolean> record(FetchOutcome outcome) {
      recorded.add(outcome);
      onRecord.run();
      return answer;
    }
  }

  /** Records what it publishes. */
  static final class FakePublisher implements FollowUpPublisher {
    final List<Object> published = new ArrayList<>();

    @Override
    public void publishRetry(FollowUp.Retry retry) {
      published.add(retry);
    }

    @Override
    public void publishDeadLetter(FollowUp.DeadLetter deadLetter, List<PastAttempt> history) {
      published.add(deadLetter);
    }
  }

  private static final Consumer<FetchOutcome> NOTHING = fetched -> {};

  private final FakeRecorder recorder = new FakeRecorder();
  private final List<FetchOutcome> observed = new ArrayList<>();
  private final FakePublisher publisher = new FakePublisher();
  private final PublishFollowUp followUps =
      new PublishFollowUp(publisher, (id, g) -> List.of(), Duration.ZERO, Duration.ZERO);

  static ClaimedJob job(int attempt) {
    return new ClaimedJob(
        new JobId(UUID.randomUUID()),
        new TenantId(UUID.randomUUID()),
        0,
        attempt,
        new FetchRequest(
            "GET", URI.create("https://example.org/"), Map.of(), null, Duration.ofSeconds(1), true),
        new RetryPolicy(2, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1)),
        Instant.parse("2026-01-01T00:00:00Z"));
  }

  private RunFetchAttempt run(Fetcher fetcher) {
    return new RunFetchAttempt(fetcher, recorder, followUps, clock, () -> 0.5, observed::add);
  }

  @Test
  void recordsAFinalResponseAsCompletedWithNothingToFollow() {
    FetchResponse response = new FetchResponse(404, Map.of(), new byte[] {1}, false, 1L, 3);
    ClaimedJob job = job(1);

    FetchOutcome outcome = run(request -> response).run(job, null, NOTHING);

    assertThat(recorder.recorded)
        .containsExactly(
            new FetchOutcome.Completed(job, new AttemptTiming(null, NOW, NOW), response));
    assertThat(outcome).isSameAs(recorder.recorded.getFirst());
    assertThat(publisher.published).isEmpty();
    assertThat(observed).containsExactly(outcome);
  }

  @Test
  void tellsTheCallerTheFetchIsOverBeforeTheOutcomeIsRecorded() {
    FetchResponse response = new FetchResponse(200, Map.of(), new byte[] {1}, false, 1L, 3);
    List<String> order = new ArrayList<>();
    recorder.onRecord = () -> order.add("recorded");

    FetchOutcome outcome =
        run(request -> response)
            .run(
                job(1),
                null,
                fetched -> {
                  assertThat(recorder.recorded).as("not recorded yet").isEmpty();
                  order.add("fetched " + fetched.status().wireName());
                });

    assertThat(order).containsExactly("fetched completed", "recorded");
    assertThat(outcome.status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void publishesTheNextAttemptOnceARetryableOutcomeIsDurable() {
    Instant due = NOW.minusMillis(20);
    ClaimedJob job = job(1);

    FetchOutcome outcome =
        run(request -> new FetchError(ErrorType.TIMEOUT, "no complete response"))
            .run(job, due, NOTHING);

    assertThat(outcome.status()).isEqualTo(JobStatus.RETRYING);
    assertThat(outcome.timing().dueAt()).isEqualTo(due);
    assertThat(publisher.published)
        .containsExactly(
            new FollowUp.Retry(
                job.jobId(), job.tenantId(), 0, 2, NOW.plusSeconds(1), "example.org"));
  }

  @Test
  void publishesTheDeadLetterOfAFailedJob() {
    FetchOutcome outcome =
        run(request -> new FetchError(ErrorType.TIMEOUT, "no complete response"))
            .run(job(2), null, NOTHING);

    assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
    assertThat(publisher.published).singleElement().isInstanceOf(FollowUp.DeadLetter.class);
  }

  @Test
  void aDuplicateOutcomeOwesNoFollowUp() {
    recorder.answer = CompletableFuture.completedFuture(false);

    run(request -> new FetchError(ErrorType.IO, "x")).run(job(1), null, NOTHING);

    assertThat(recorder.recorded).hasSize(1);
    assertThat(publisher.published).isEmpty();
    assertThat(observed).as("a duplicate is not counted again").isEmpty();
  }

  @Test
  void failsWhenTheOutcomeCannotBeMadeDurable() {
    recorder.answer = CompletableFuture.failedFuture(new IllegalStateException("closed"));

    assertThatThrownBy(
            () -> run(request -> new FetchError(ErrorType.IO, "x")).run(job(1), null, NOTHING))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not durable");
    assertThat(publisher.published).isEmpty();
  }

  @Test
  void turnsAnUnexpectedFetcherExceptionIntoAnIoError() {
    FetchOutcome outcome =
        run(request -> {
              throw new IllegalStateException("secret-header-value");
            })
            .run(job(2), null, NOTHING);

    FetchError error = (FetchError) outcome.result();
    assertThat(error.type()).isEqualTo(ErrorType.IO);
    assertThat(error.message()).doesNotContain("secret");
  }

  @Test
  void replacesADrawOutsideTheUnitInterval() {
    RunFetchAttempt attempt =
        new RunFetchAttempt(
            request -> new FetchError(ErrorType.CONNECT, "refused"),
            recorder,
            followUps,
            clock,
            () -> 1.0,
            AttemptObserver.NONE);

    FetchOutcome outcome = attempt.run(job(1), null, NOTHING);

    assertThat(((FetchOutcome.Retrying) outcome).nextAttemptAt()).isEqualTo(NOW.plusSeconds(1));
  }
}
