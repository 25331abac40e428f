package io.fetchq.api.jobs.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobError;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.metrics.MicrometerApiMetrics;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.kernel.jobs.JobStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CancelJobTest {

  private static final Instant CREATED = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:05.123456Z");
  private static final TenantId OWNER =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-000000000001"));
  private static final TenantId STRANGER =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-000000000002"));
  private static final JobId ID =
      new JobId(UUID.fromString("0190f5c2-0000-7000-8000-0000000000aa"));

  private final FakeTransactions transactions = new FakeTransactions();
  private final InMemoryJobRepository jobs = new InMemoryJobRepository(transactions);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final CancelJob cancelJob =
      new CancelJob(
          jobs, transactions, Clock.fixed(NOW, ZoneOffset.UTC), new MicrometerApiMetrics(meters));

  private double cancelled() {
    return meters.get("fetchq.jobs.terminal").tag("status", "cancelled").counter().count();
  }

  @Test
  void cancelsAQueuedJob() {
    jobs.put(jobIn(JobStatus.QUEUED));

    CancelOutcome outcome = cancelJob.cancel(OWNER, ID);

    Job cancelled = ((CancelOutcome.Cancelled) outcome).job();
    assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(cancelled.completedAt()).isEqualTo(Instant.parse("2026-11-22T10:00:05.123Z"));
    assertThat(cancelled.updatedAt()).isEqualTo(cancelled.completedAt());
    assertThat(cancelled.nextAttemptAt()).isNull();
    assertThat(jobs.find(OWNER, ID)).contains(cancelled);
    assertThat(transactions.committed()).isEqualTo(1);
    assertThat(cancelled()).isEqualTo(1);
  }

  @Test
  void cancelsARetryingJobKeepingItsAttemptsAndLastError() {
    jobs.put(jobIn(JobStatus.RETRYING));

    CancelOutcome outcome = cancelJob.cancel(OWNER, ID);

    Job cancelled = ((CancelOutcome.Cancelled) outcome).job();
    assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(cancelled.nextAttemptAt()).isNull();
    assertThat(cancelled.attempts()).isEqualTo(2);
    assertThat(cancelled.lastError()).isEqualTo(new JobError("http_status", "503"));
    assertThat(jobs.find(OWNER, ID).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
  }

  @ParameterizedTest
  @EnumSource(
      value = JobStatus.class,
      names = {"RUNNING", "COMPLETED", "FAILED", "CANCELLED"})
  void refusesToCancelAJobThatIsNotQueuedOrRetrying(JobStatus status) {
    Job job = jobIn(status);
    jobs.put(job);

    CancelOutcome outcome = cancelJob.cancel(OWNER, ID);

    assertThat(outcome).isEqualTo(new CancelOutcome.NotCancellable(ID, status));
    assertThat(jobs.find(OWNER, ID)).contains(job);
    assertThat(cancelled()).isZero();
  }

  @Test
  void answersNotFoundForAnotherTenantsJobAndLeavesItAlone() {
    Job job = jobIn(JobStatus.QUEUED);
    jobs.put(job);

    assertThat(cancelJob.cancel(STRANGER, ID)).isEqualTo(new CancelOutcome.NotFound(ID));
    assertThat(jobs.find(OWNER, ID)).contains(job);
  }

  @Test
  void answersNotFoundForAnUnknownJob() {
    assertThat(cancelJob.cancel(OWNER, ID)).isEqualTo(new CancelOutcome.NotFound(ID));
  }

  /** A job of {@link #OWNER} in {@code status}, with two attempts made (none when queued). */
  private static Job jobIn(JobStatus status) {
    Job queued =
        Job.accept(ID, OWNER, null, SubmitJobTest.request("https://example.org/"), CREATED);
    if (status == JobStatus.QUEUED) {
      return queued;
    }
    boolean terminal = status.isTerminal();
    return new Job(
        ID,
        OWNER,
        null,
        status,
        queued.request(),
        2,
        0,
        status == JobStatus.RETRYING ? CREATED.plusSeconds(3) : null,
        CREATED,
        CREATED.plusSeconds(1),
        terminal ? CREATED.plusSeconds(1) : null,
        null,
        new JobError("http_status", "503"));
  }
}
