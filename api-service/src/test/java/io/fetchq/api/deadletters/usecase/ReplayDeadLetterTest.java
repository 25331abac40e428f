package io.fetchq.api.deadletters.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.deadletters.domain.DeadLetter;
import io.fetchq.api.deadletters.domain.DeadLetterId;
import io.fetchq.api.deadletters.domain.DeadLetterState;
import io.fetchq.api.jobs.domain.HttpMethod;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobError;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.jobs.domain.JobResult;
import io.fetchq.api.jobs.usecase.FakeTransactions;
import io.fetchq.api.jobs.usecase.InMemoryJobRepository;
import io.fetchq.api.jobs.usecase.RecordingJobDispatches;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.contracts.jobs.v1.FetchJobMessage;
import io.fetchq.kernel.jobs.JobStatus;
import io.fetchq.kernel.jobs.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReplayDeadLetterTest {

  private static final Instant CREATED = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant FAILED_AT = Instant.parse("2026-11-22T10:05:00Z");
  private static final Instant NOW = Instant.parse("2026-11-22T11:00:00.123456Z");
  private static final Instant NOW_MILLIS = Instant.parse("2026-11-22T11:00:00.123Z");
  private static final TenantId OWNER =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-000000000001"));
  private static final TenantId STRANGER =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-000000000002"));
  private static final JobId JOB =
      new JobId(UUID.fromString("0190f5c2-0000-7000-8000-0000000000aa"));
  private static final DeadLetterId ENTRY =
      new DeadLetterId(UUID.fromString("0190f5c2-0000-7000-8000-0000000000dd"));
  private static final JobError ERROR = new JobError("http_status", "target answered 503");

  private final FakeTransactions transactions = new FakeTransactions();
  private final InMemoryJobRepository jobs = new InMemoryJobRepository(transactions);
  private final InMemoryDeadLetterRepository deadLetters =
      new InMemoryDeadLetterRepository(transactions);
  private final RecordingJobDispatches dispatches = new RecordingJobDispatches(transactions);
  private final ReplayDeadLetter replayDeadLetter =
      new ReplayDeadLetter(
          deadLetters,
          jobs,
          dispatches,
          transactions,
          Clock.fixed(NOW, ZoneOffset.UTC),
          new SplittableRandom(7));

  @Test
  void requeuesTheFailedJobWithAFreshBudgetInItsNextGeneration() {
    jobs.put(failedJob(2));
    deadLetters.put(entry(DeadLetterState.DEAD, 2));

    ReplayOutcome outcome = replayDeadLetter.replay(ReplayDeadLetterCommand.anyTenant(ENTRY));

    ReplayOutcome.Replayed replayed = (ReplayOutcome.Replayed) outcome;
    Job job = replayed.job();
    assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(job.attempts()).isZero();
    assertThat(job.generation()).isEqualTo(3);
    assertThat(job.nextAttemptAt()).isNull();
    assertThat(job.lastError()).isNull();
    assertThat(job.completedAt()).isNull();
    assertThat(job.result()).isNull();
    assertThat(job.updatedAt()).isEqualTo(NOW_MILLIS);
    assertThat(job.createdAt()).isEqualTo(CREATED);
    assertThat(jobs.find(OWNER, JOB)).contains(job);
    assertThat(transactions.committed()).isEqualTo(1);
  }

  @Test
  void recordsTheReplayOnTheEntry() {
    jobs.put(failedJob(0));
    deadLetters.put(entry(DeadLetterState.DEAD, 0));

    ReplayOutcome.Replayed replayed =
        (ReplayOutcome.Replayed) replayDeadLetter.replay(ReplayDeadLetterCommand.anyTenant(ENTRY));

    DeadLetter stored = deadLetters.find(ENTRY).orElseThrow();
    assertThat(stored).isEqualTo(replayed.entry());
    assertThat(stored.state()).isEqualTo(DeadLetterState.REPLAYED);
    assertThat(stored.replayCount()).isEqualTo(1);
    assertThat(stored.lastReplayedAt()).isEqualTo(NOW_MILLIS);
    assertThat(stored.failedAt()).isEqualTo(FAILED_AT);
    assertThat(stored.lastError()).isEqualTo(ERROR);
  }

  @Test
  void enqueuesTheFirstAttemptOfTheNewGenerationWithAFreshIdentity() {
    jobs.put(failedJob(0));
    deadLetters.put(entry(DeadLetterState.DEAD, 0));

    replayDeadLetter.replay(ReplayDeadLetterCommand.anyTenant(ENTRY));

    FetchJobMessage message = dispatches.messages().getFirst();
    assertThat(dispatches.messages()).hasSize(1);
    assertThat(message.jobId()).isEqualTo(JOB.value());
    assertThat(message.tenantId()).isEqualTo(OWNER.value());
    assertThat(message.attempt()).isEqualTo(1);
    assertThat(message.generation()).isEqualTo(1);
    assertThat(message.enqueuedAt()).isEqualTo(NOW_MILLIS);
    assertThat(message.host()).isEqualTo("example.org");
    assertThat(message.notBefore()).isNull();
    assertThat(message.messageId().version()).isEqualTo(7);
  }

  @Test
  void givesEveryReplayANewMessageIdAndGeneration() {
    jobs.put(failedJob(0));
    deadLetters.put(entry(DeadLetterState.DEAD, 0));
    replayDeadLetter.replay(ReplayDeadLetterCommand.anyTenant(ENTRY));
    // The replayed job fails again; the worker marks the entry dead again.
    Job again = failedJob(1);
    jobs.put(again);
    deadLetters.put(reDead());

    replayDeadLetter.replay(ReplayDeadLetterCommand.anyTenant(ENTRY));

    assertThat(dispatches.messages()).extracting(FetchJobMessage::generation).containsExactly(1, 2);
    assertThat(dispatches.messages())
        .extracting(FetchJobMessage::messageId)
        .doesNotHaveDuplicates();
    assertThat(deadLetters.find(ENTRY).orElseThrow().replayCount()).isEqualTo(2);
  }

  @Test
  void refusesAnEntryThatWasAlreadyReplayed() {
    jobs.put(failedJob(1));
    DeadLetter replayedBefore = entry(DeadLetterState.REPLAYED, 1);
    deadLetters.put(replayedBefore);

    ReplayOutcome outcome = replayDeadLetter.replay(ReplayDeadLetterCommand.anyTenant(ENTRY));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            ReplayOutcome.NotReplayable.class,
            refused -> assertThat(refused.reason()).contains("already replayed"));
    assertNothingChanged(failedJob(1), replayedBefore);
  }

  @ParameterizedTest
  @EnumSource(
      value = JobStatus.class,
      names = {"FAILED"},
      mode = EnumSource.Mode.EXCLUDE)
  void refusesWhenTheJobIsNotFailed(JobStatus status) {
    Job job = jobIn(status);
    jobs.put(job);
    DeadLetter dead = entry(DeadLetterState.DEAD, 0);
    deadLetters.put(dead);

    ReplayOutcome outcome = replayDeadLetter.replay(ReplayDeadLetterCommand.anyTenant(ENTRY));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            ReplayOutcome.NotReplayable.class,
            refused -> assertThat(refused.reason()).contains(status.wireName(), "not failed"));
    assertNothingChanged(job, dead);
  }

  @Test
  void answersNotFoundForAMissingEntry() {
    jobs.put(failedJob(0));

    assertThat(replayDeadLetter.replay(ReplayDeadLetterCommand.anyTenant(ENTRY)))
        .isEqualTo(new ReplayOutcome.NotFound(ENTRY));
    assertThat(dispatches.messages()).isEmpty();
  }

  @Test
  void answersNotFoundWhenTheEntrysJobIsGone() {
    DeadLetter dead = entry(DeadLetterState.DEAD, 0);
    deadLetters.put(dead);

    assertThat(replayDeadLetter.replay(ReplayDeadLetterCommand.anyTenant(ENTRY)))
        .isEqualTo(new ReplayOutcome.NotFound(ENTRY));
    assertThat(deadLetters.find(ENTRY)).contains(dead);
    assertThat(dispatches.messages()).isEmpty();
  }

  @Test
  void scopedToATenantItHidesAnotherTenantsEntry() {
    jobs.put(failedJob(0));
    DeadLetter dead = entry(DeadLetterState.DEAD, 0);
    deadLetters.put(dead);

    assertThat(replayDeadLetter.replay(ReplayDeadLetterCommand.ofTenant(STRANGER, ENTRY)))
        .isEqualTo(new ReplayOutcome.NotFound(ENTRY));
    assertNothingChanged(failedJob(0), dead);

    assertThat(replayDeadLetter.replay(ReplayDeadLetterCommand.ofTenant(OWNER, ENTRY)))
        .isInstanceOf(ReplayOutcome.Replayed.class);
  }

  @Test
  void changesNothingWhenTheTransactionFails() {
    jobs.put(failedJob(0));
    DeadLetter dead = entry(DeadLetterState.DEAD, 0);
    deadLetters.put(dead);
    transactions.failNext(new IllegalStateException("database down"));

    assertThatThrownBy(() -> replayDeadLetter.replay(ReplayDeadLetterCommand.anyTenant(ENTRY)))
        .isInstanceOf(IllegalStateException.class);
    assertNothingChanged(failedJob(0), dead);
  }

  private void assertNothingChanged(Job job, DeadLetter entry) {
    assertThat(jobs.find(OWNER, JOB)).contains(job);
    assertThat(deadLetters.find(ENTRY)).contains(entry);
    assertThat(dispatches.messages()).isEmpty();
  }

  private static DeadLetter reDead() {
    return new DeadLetter(
        ENTRY,
        JOB,
        OWNER,
        "https://example.org/data",
        "example.org",
        FAILED_AT.plusSeconds(3600),
        5,
        ERROR,
        DeadLetterState.DEAD,
        1,
        NOW);
  }

  private static DeadLetter entry(DeadLetterState state, int replayCount) {
    return new DeadLetter(
        ENTRY,
        JOB,
        OWNER,
        "https://example.org/data",
        "example.org",
        FAILED_AT,
        5,
        ERROR,
        state,
        replayCount,
        replayCount == 0 ? null : FAILED_AT.minusSeconds(60));
  }

  private static Job failedJob(int generation) {
    return new Job(
        JOB,
        OWNER,
        null,
        JobStatus.FAILED,
        request(),
        5,
        generation,
        null,
        CREATED,
        FAILED_AT,
        FAILED_AT,
        new JobResult(503, Map.of(), new byte[] {1}, false, 1L, 12, FAILED_AT),
        ERROR);
  }

  private static Job jobIn(JobStatus status) {
    return new Job(
        JOB,
        OWNER,
        null,
        status,
        request(),
        status == JobStatus.QUEUED ? 0 : 1,
        0,
        null,
        CREATED,
        CREATED,
        status.isTerminal() ? CREATED : null,
        null,
        null);
  }

  private static JobRequest request() {
    return new JobRequest(
        "https://example.org/data",
        HttpMethod.GET,
        Map.of(),
        null,
        Duration.ofSeconds(10),
        true,
        RetryPolicy.DEFAULT,
        null,
        Map.of());
  }
}
