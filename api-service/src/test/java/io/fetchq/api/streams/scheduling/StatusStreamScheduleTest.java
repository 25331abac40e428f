package io.fetchq.api.streams.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fetchq.api.batches.usecase.GetBatch;
import io.fetchq.api.batches.usecase.InMemoryBatchRepository;
import io.fetchq.api.jobs.domain.HttpMethod;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.jobs.usecase.FakeTransactions;
import io.fetchq.api.jobs.usecase.GetJob;
import io.fetchq.api.jobs.usecase.InMemoryJobRepository;
import io.fetchq.api.streams.usecase.StatusStreams;
import io.fetchq.api.streams.usecase.StreamSink;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.kernel.jobs.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StatusStreamScheduleTest {

  private static final TenantId OWNER = new TenantId(UUID.randomUUID());

  private final FakeTransactions transactions = new FakeTransactions();
  private final InMemoryJobRepository jobs = new InMemoryJobRepository(transactions);
  private final StatusStreams streams =
      new StatusStreams(
          new GetJob(jobs),
          new GetBatch(new InMemoryBatchRepository(transactions, jobs)),
          Runnable::run,
          10);

  @Test
  void sendsKeepAlivesWhileRunningAndCompletesEveryStreamAtStop() {
    Job job =
        Job.accept(
            new JobId(UUID.randomUUID()),
            OWNER,
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
            Instant.parse("2026-11-22T10:00:00Z"));
    jobs.put(job);
    Counting sink = new Counting();
    streams.openJob(OWNER, job.id(), sink);
    StatusStreamSchedule schedule =
        new StatusStreamSchedule(streams, Duration.ofMillis(10), Duration.ofMillis(10));

    schedule.start();
    schedule.start();
    assertThat(schedule.isRunning()).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> sink.keepAlives.get() >= 2);
    schedule.stop();
    schedule.stop();

    assertThat(schedule.isRunning()).isFalse();
    assertThat(sink.completed).isTrue();
    assertThat(streams.activeStreams()).isZero();
  }

  @Test
  void refusesNonPositiveIntervals() {
    assertThatThrownBy(
            () -> new StatusStreamSchedule(streams, Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StatusStreamSchedule(streams, Duration.ofSeconds(1), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static final class Counting implements StreamSink<Job> {
    final AtomicInteger keepAlives = new AtomicInteger();
    volatile boolean completed;

    @Override
    public void send(Job state) {}

    @Override
    public void keepAlive() {
      keepAlives.incrementAndGet();
    }

    @Override
    public void complete() {
      completed = true;
    }
  }
}
