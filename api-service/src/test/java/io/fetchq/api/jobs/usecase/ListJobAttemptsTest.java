package io.fetchq.api.jobs.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.api.jobs.domain.AttemptOutcome;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobAttempt;
import io.fetchq.api.jobs.domain.JobError;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.kernel.jobs.JobStatus;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ListJobAttemptsTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final TenantId OWNER =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-000000000001"));
  private static final TenantId STRANGER =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-000000000002"));
  private static final JobId ID =
      new JobId(UUID.fromString("0190f5c2-0000-7000-8000-0000000000aa"));

  private final InMemoryJobRepository jobs = new InMemoryJobRepository(new FakeTransactions());
  private final InMemoryJobAttemptRepository attempts = new InMemoryJobAttemptRepository(jobs);
  private final ListJobAttempts listJobAttempts = new ListJobAttempts(jobs, attempts);

  private final JobAttempt firstOfReplay = attempt(1, AttemptOutcome.RETRYABLE_ERROR);
  private final JobAttempt secondOfReplay = attempt(2, AttemptOutcome.COMPLETED);

  @Test
  void listsTheAttemptsOfTheCurrentGenerationInOrder() {
    jobs.put(jobOfGeneration(1));
    attempts.add(ID, 0, attempt(1, AttemptOutcome.FAILED));
    attempts.add(ID, 1, secondOfReplay);
    attempts.add(ID, 1, firstOfReplay);

    assertThat(listJobAttempts.list(OWNER, ID))
        .hasValueSatisfying(
            list -> assertThat(list).containsExactly(firstOfReplay, secondOfReplay));
  }

  @Test
  void listsNothingForAJobWithoutAttempts() {
    jobs.put(jobOfGeneration(0));

    assertThat(listJobAttempts.list(OWNER, ID))
        .hasValueSatisfying(list -> assertThat(list).isEmpty());
  }

  @Test
  void hidesAnotherTenantsJob() {
    jobs.put(jobOfGeneration(0));
    attempts.add(ID, 0, firstOfReplay);

    assertThat(listJobAttempts.list(STRANGER, ID)).isEmpty();
  }

  @Test
  void findsNothingForAnUnknownJob() {
    assertThat(listJobAttempts.list(OWNER, ID)).isEmpty();
  }

  private static Job jobOfGeneration(int generation) {
    Job queued = Job.accept(ID, OWNER, null, SubmitJobTest.request("https://example.org/"), NOW);
    return new Job(
        ID,
        OWNER,
        null,
        JobStatus.RUNNING,
        queued.request(),
        1,
        generation,
        null,
        NOW,
        NOW,
        null,
        null,
        null);
  }

  private static JobAttempt attempt(int number, AttemptOutcome outcome) {
    return new JobAttempt(
        number,
        NOW.plusSeconds(number),
        40 + number,
        outcome,
        503,
        outcome == AttemptOutcome.COMPLETED ? null : new JobError("http_status", "503"));
  }
}
