package io.fetchq.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.kernel.jobs.RetryPolicy;
import io.fetchq.worker.fetch.domain.AttemptTiming;
import io.fetchq.worker.fetch.domain.ClaimedJob;
import io.fetchq.worker.fetch.domain.ErrorType;
import io.fetchq.worker.fetch.domain.FetchError;
import io.fetchq.worker.fetch.domain.FetchOutcome;
import io.fetchq.worker.fetch.domain.FetchRequest;
import io.fetchq.worker.fetch.domain.FetchResponse;
import io.fetchq.worker.fetch.domain.JobId;
import io.fetchq.worker.fetch.domain.TenantId;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicrometerAttemptObserverTest {

  private static final Instant ACCEPTED = Instant.parse("2026-11-22T10:00:00Z");
  private static final RetryPolicy POLICY =
      new RetryPolicy(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30));

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final MicrometerAttemptObserver observer = new MicrometerAttemptObserver(meters);

  private static ClaimedJob job(int generation, int attempt) {
    return new ClaimedJob(
        new JobId(UUID.randomUUID()),
        new TenantId(UUID.randomUUID()),
        generation,
        attempt,
        new FetchRequest(
            "GET", URI.create("https://example.org/"), Map.of(), null, Duration.ofSeconds(5), true),
        POLICY,
        ACCEPTED);
  }

  private static AttemptTiming timing(long startMs, long endMs) {
    return new AttemptTiming(null, ACCEPTED.plusMillis(startMs), ACCEPTED.plusMillis(endMs));
  }

  private static FetchResponse ok() {
    return new FetchResponse(200, Map.of(), new byte[0], false, 0L, 5);
  }

  private double terminal(String status) {
    return meters.get("fetchq.jobs.terminal").tag("status", status).counter().count();
  }

  private Timer endToEnd(String status, boolean retried) {
    return meters
        .get("fetchq.jobs.end.to.end")
        .tag("status", status)
        .tag("retried", Boolean.toString(retried))
        .timer();
  }

  @Test
  void registersTheTerminalCountersAndTimersUpFront() {
    assertThat(terminal("completed")).isZero();
    assertThat(terminal("failed")).isZero();
    assertThat(meters.get("fetchq.jobs.queue.wait").timer().count()).isZero();
    assertThat(endToEnd("failed", true).count()).isZero();
  }

  @Test
  void aFirstAttemptThatCompletesRecordsQueueWaitEndToEndAndTheStatus() {
    observer.recorded(new FetchOutcome.Completed(job(0, 1), timing(1_200, 1_500), ok()));

    assertThat(terminal("completed")).isEqualTo(1);
    Timer queueWait = meters.get("fetchq.jobs.queue.wait").timer();
    assertThat(queueWait.count()).isEqualTo(1);
    assertThat(queueWait.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1_200);
    Timer endToEnd = endToEnd("completed", false);
    assertThat(endToEnd.count()).isEqualTo(1);
    assertThat(endToEnd.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1_500);
    assertThat(endToEnd("completed", true).count()).isZero();
  }

  @Test
  void aRetryCountsOnlyTheQueueWaitOfTheFirstAttempt() {
    observer.recorded(
        new FetchOutcome.Retrying(
            job(0, 1),
            timing(100, 200),
            new FetchError(ErrorType.TIMEOUT, "slow"),
            ACCEPTED.plusSeconds(2)));
    observer.recorded(
        new FetchOutcome.Failed(
            job(0, 3), timing(9_000, 9_100), new FetchError(ErrorType.TIMEOUT, "slow")));

    assertThat(meters.get("fetchq.jobs.queue.wait").timer().count()).isEqualTo(1);
    assertThat(terminal("failed")).isEqualTo(1);
    assertThat(terminal("completed")).isZero();
    assertThat(endToEnd("failed", true).totalTime(TimeUnit.MILLISECONDS)).isEqualTo(9_100);
  }

  @Test
  void aReplayedJobCountsItsStatusButNoLatency() {
    observer.recorded(new FetchOutcome.Completed(job(1, 1), timing(86_400_000, 86_400_010), ok()));

    assertThat(terminal("completed")).isEqualTo(1);
    assertThat(meters.get("fetchq.jobs.queue.wait").timer().count()).isZero();
    assertThat(endToEnd("completed", false).count()).isZero();
  }

  @Test
  void histogramsHaveExactlyTheSloBucketsAndNoPercentiles() {
    observer.recorded(new FetchOutcome.Completed(job(0, 1), timing(4_000, 4_100), ok()));

    CountAtBucket[] buckets =
        meters.get("fetchq.jobs.queue.wait").timer().takeSnapshot().histogramCounts();
    assertThat(Arrays.stream(buckets).map(b -> Duration.ofNanos((long) b.bucket())))
        .containsExactly(SloBuckets.QUEUE_WAIT);
    // 4 s lies in the 5 s bucket (alert threshold) but not in the 2.5 s one
    assertThat(countAt(buckets, Duration.ofSeconds(5))).isEqualTo(1);
    assertThat(countAt(buckets, Duration.ofMillis(2_500))).isZero();
    assertThat(endToEnd("completed", false).takeSnapshot().histogramCounts().length)
        .isEqualTo(SloBuckets.END_TO_END.length);
  }

  @Test
  void noTagHoldsAJobTenantOrHost() {
    observer.recorded(new FetchOutcome.Completed(job(0, 1), timing(1, 2), ok()));

    for (Meter meter : meters.getMeters()) {
      assertThat(meter.getId().getTags())
          .allSatisfy(tag -> assertThat(tag.getKey()).isIn("status", "retried", "le"));
    }
  }

  private static double countAt(CountAtBucket[] buckets, Duration bound) {
    return Arrays.stream(buckets)
        .filter(b -> (long) b.bucket() == bound.toNanos())
        .findFirst()
        .orElseThrow()
        .count();
  }

  @Test
  void parsesBucketNotation() {
    assertThat(SloBuckets.parse("2.5s")).isEqualTo(Duration.ofMillis(2_500));
    assertThat(SloBuckets.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(SloBuckets.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(SloBuckets.parse("12h")).isEqualTo(Duration.ofHours(12));
  }
}
