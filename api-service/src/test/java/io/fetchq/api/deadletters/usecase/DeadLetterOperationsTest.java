package io.fetchq.api.deadletters.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.api.deadletters.domain.AdminActor;
import io.fetchq.api.deadletters.domain.AuditAction;
import io.fetchq.api.deadletters.domain.AuditEntry;
import io.fetchq.api.deadletters.domain.DeadLetter;
import io.fetchq.api.deadletters.domain.DeadLetterFilter;
import io.fetchq.api.deadletters.domain.DeadLetterId;
import io.fetchq.api.deadletters.domain.DeadLetterState;
import io.fetchq.api.deadletters.domain.ReplayRun;
import io.fetchq.api.deadletters.domain.ReplayRunState;
import io.fetchq.api.jobs.domain.HttpMethod;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobError;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.jobs.usecase.FakeTransactions;
import io.fetchq.api.jobs.usecase.InMemoryJobRepository;
import io.fetchq.api.jobs.usecase.RecordingJobDispatches;
import io.fetchq.api.metrics.MicrometerApiMetrics;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.kernel.jobs.JobStatus;
import io.fetchq.kernel.jobs.RetryPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The dead-letter admin use cases over in-memory fakes, with a clock moved by hand. */
class DeadLetterOperationsTest {

  private static final Instant START = Instant.parse("2026-11-22T12:00:00Z");
  private static final Instant FAILED = Instant.parse("2026-11-22T10:00:00Z");
  private static final TenantId ACME =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-00000000ac00"));
  private static final TenantId GLOBEX =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-000000006100"));
  private static final AdminActor SYSTEM = new AdminActor(TenantId.SYSTEM, null);
  private static final AdminActor ACME_ADMIN = new AdminActor(ACME, UUID.randomUUID());

  private final FakeTransactions transactions = new FakeTransactions();
  private final InMemoryJobRepository jobs = new InMemoryJobRepository(transactions);
  private final InMemoryDeadLetterRepository deadLetters =
      new InMemoryDeadLetterRepository(transactions);
  private final RecordingJobDispatches dispatches = new RecordingJobDispatches(transactions);
  private final InMemoryDeadLetterAuditLog audit = new InMemoryDeadLetterAuditLog(transactions);
  private final InMemoryReplayRunRepository runs =
      new InMemoryReplayRunRepository(transactions, deadLetters, jobs);
  private final MutableClock clock = new MutableClock(START);
  private final SplittableRandom random = new SplittableRandom(3);
  private final ReplayDeadLetter replay =
      new ReplayDeadLetter(deadLetters, jobs, dispatches, transactions, clock, random);
  private final StartBulkReplay startBulkReplay =
      new StartBulkReplay(runs, audit, transactions, clock, random, 3);
  private int sequence;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final MicrometerApiMetrics metrics = new MicrometerApiMetrics(meters);

  private double replays(String mode) {
    return meters
        .get("fetchq.deadletters.replayed")
        .tag("queue", "jobs")
        .tag("mode", mode)
        .counter()
        .count();
  }

  private DriveReplayRuns driver(String owner, double rate, int batch) {
    return new DriveReplayRuns(
        runs,
        replay,
        transactions,
        clock,
        new DriveReplayRuns.Settings(
            owner,
            rate,
            batch,
            Duration.ofSeconds(30),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofMinutes(10)),
        metrics);
  }

  // ---- listing

  @Test
  void listsNewestFirstInPagesWhoseCursorsResumeExactly() {
    List<DeadLetter> added = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      added.add(dead(ACME, "a.example", FAILED.plusSeconds(i % 3), 0));
    }
    ListDeadLetters list = new ListDeadLetters(deadLetters);

    List<DeadLetter> seen = new ArrayList<>();
    Page<DeadLetter> page = list.list(SYSTEM, DeadLetterFilter.all(), null, 3);
    seen.addAll(page.items());
    while (page.next() != null) {
      page = list.list(SYSTEM, DeadLetterFilter.all(), page.next(), 3);
      seen.addAll(page.items());
    }

    assertThat(seen)
        .containsExactlyElementsOf(
            added.stream().sorted(InMemoryDeadLetterRepository.NEWEST_FIRST).toList());
  }

  @Test
  void anotherTenantsAdministratorSeesOnlyItsOwnEntries() {
    DeadLetter mine = dead(ACME, "a.example", FAILED, 0);
    dead(GLOBEX, "a.example", FAILED, 0);
    ListDeadLetters list = new ListDeadLetters(deadLetters);

    assertThat(list.list(ACME_ADMIN, DeadLetterFilter.all(), null, 50).items())
        .containsExactly(mine);
    DeadLetterFilter other = new DeadLetterFilter(GLOBEX, null, null, null, null, null);
    assertThat(list.list(ACME_ADMIN, other, null, 50).items()).isEmpty();
    assertThat(list.list(SYSTEM, other, null, 50).items()).hasSize(1);
  }

  // ---- single replay and discard

  @Test
  void anOperatorReplayIsAuditedAndScopedToItsTenant() {
    DeadLetter globex = dead(GLOBEX, "a.example", FAILED, 0);
    OperatorReplay operatorReplay =
        new OperatorReplay(replay, audit, transactions, clock, random, metrics);

    assertThat(operatorReplay.replay(ACME_ADMIN, globex.id()))
        .isEqualTo(new ReplayOutcome.NotFound(globex.id()));
    assertThat(audit.all()).isEmpty();
    assertThat(replays("single")).isZero();

    assertThat(operatorReplay.replay(SYSTEM, globex.id()))
        .isInstanceOf(ReplayOutcome.Replayed.class);
    assertThat(replays("single")).isEqualTo(1);
    assertThat(replays("bulk")).isZero();
    AuditEntry entry = audit.all().getFirst();
    assertThat(entry.action()).isEqualTo(AuditAction.REPLAY);
    assertThat(entry.actor()).isEqualTo(SYSTEM);
    assertThat(entry.tenant()).isEqualTo(GLOBEX);
    assertThat(entry.deadLetterId()).isEqualTo(globex.id());
    assertThat(entry.jobId()).isEqualTo(globex.jobId());
    assertThat(entry.at()).isEqualTo(START);
  }

  @Test
  void discardRemovesTheEntryLeavesTheJobFailedAndIsAudited() {
    DeadLetter acme = dead(ACME, "a.example", FAILED, 0);
    DeadLetter globex = dead(GLOBEX, "a.example", FAILED, 0);
    DiscardDeadLetter discard =
        new DiscardDeadLetter(deadLetters, audit, transactions, clock, random);

    assertThat(discard.discard(ACME_ADMIN, globex.id())).isFalse();
    assertThat(discard.discard(ACME_ADMIN, new DeadLetterId(UUID.randomUUID()))).isFalse();
    assertThat(discard.discard(ACME_ADMIN, acme.id())).isTrue();

    assertThat(deadLetters.find(acme.id())).isEmpty();
    assertThat(deadLetters.find(globex.id())).isPresent();
    assertThat(jobs.find(ACME, acme.jobId()).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
    assertThat(audit.all())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.action()).isEqualTo(AuditAction.DISCARD);
              assertThat(e.actor()).isEqualTo(ACME_ADMIN);
              assertThat(e.replayed()).isZero();
            });
  }

  // ---- bulk replay: request

  @Test
  void aDryRunCountsTheEligibleEntriesAndChangesNothing() {
    dead(ACME, "a.example", FAILED, 0);
    dead(ACME, "b.example", FAILED, 0);
    dead(ACME, "a.example", FAILED, 3); // replayed too often for a bulk replay
    replayed(ACME, "a.example");
    List<DeadLetter> before = deadLetters.all();

    BulkReplayOutcome outcome =
        startBulkReplay.start(new BulkReplayCommand(SYSTEM, hostFilter("a.example"), 100, true, 0));

    assertThat(outcome).isEqualTo(new BulkReplayOutcome.DryRun(1));
    assertThat(runs.oldestRunning()).isEmpty();
    assertThat(audit.all())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.dryRun()).isTrue();
              assertThat(e.matched()).isEqualTo(1);
              assertThat(e.replayed()).isZero();
            });
    assertThat(deadLetters.all()).isEqualTo(before);
    assertThat(dispatches.messages()).isEmpty();
  }

  @Test
  void aBulkReplaySnapshotsAtMostLimitEntriesNewestFirstWithinTheCallersScope() {
    for (int i = 0; i < 5; i++) {
      dead(ACME, "a.example", FAILED.plusSeconds(i), 0);
    }
    dead(GLOBEX, "a.example", FAILED.plusSeconds(10), 0);

    BulkReplayOutcome.Started started =
        (BulkReplayOutcome.Started)
            startBulkReplay.start(
                new BulkReplayCommand(ACME_ADMIN, DeadLetterFilter.all(), 3, false, 0));

    ReplayRun run = started.run();
    assertThat(run.matched()).isEqualTo(3);
    assertThat(run.scope()).isEqualTo(ACME);
    assertThat(runs.items(run.id()))
        .extracting(item -> deadLetters.find(item.deadLetterId()).orElseThrow().failedAt())
        .containsExactly(FAILED.plusSeconds(4), FAILED.plusSeconds(3), FAILED.plusSeconds(2));
    assertThat(audit.all().getFirst().runId()).isEqualTo(run.id());
    assertThat(audit.all().getFirst().tenant()).isEqualTo(ACME);
  }

  @Test
  void aBulkReplayNamingAnotherTenantMatchesNothingAndCompletesAtOnce() {
    dead(GLOBEX, "a.example", FAILED, 0);

    BulkReplayOutcome.Started started =
        (BulkReplayOutcome.Started)
            startBulkReplay.start(
                new BulkReplayCommand(
                    ACME_ADMIN,
                    new DeadLetterFilter(GLOBEX, null, null, null, null, null),
                    100,
                    false,
                    0));

    assertThat(started.run().matched()).isZero();
    assertThat(started.run().state()).isEqualTo(ReplayRunState.COMPLETED);
    assertThat(deadLetters.all()).allMatch(e -> e.state() == DeadLetterState.DEAD);
  }

  // ---- bulk replay: driving

  @Test
  void theDriverReplaysAtTheConfiguredRate() {
    for (int i = 0; i < 30; i++) {
      dead(ACME, "a.example", FAILED.plusSeconds(i), 0);
    }
    ReplayRun run = start(DeadLetterFilter.all(), 0);
    DriveReplayRuns driver = driver("a", 10, 50);

    List<Integer> replayedAfterEachSecond = new ArrayList<>();
    for (int second = 0; second < 4; second++) {
      Instant end = clock.instant().plusSeconds(1);
      while (clock.instant().isBefore(end)) {
        Duration wait = driver.step();
        clock.advance(wait.isZero() ? Duration.ofMillis(1) : wait);
      }
      replayedAfterEachSecond.add(runs.run(run.id()).orElseThrow().replayed());
    }

    // one token at the start, then one every 100 ms: 10 per second
    assertThat(replayedAfterEachSecond).containsExactly(10, 20, 30, 30);
    assertThat(dispatches.messages()).hasSize(30);
    assertThat(replays("bulk")).isEqualTo(30);
    assertThat(runs.run(run.id()).orElseThrow().state()).isEqualTo(ReplayRunState.COMPLETED);
  }

  @Test
  void skipsEntriesThatAreNoLongerDeadAndNeverReplaysOneTwiceInARun() {
    DeadLetter first = dead(ACME, "a.example", FAILED.plusSeconds(2), 0);
    DeadLetter second = dead(ACME, "a.example", FAILED.plusSeconds(1), 0);
    ReplayRun run = start(DeadLetterFilter.all(), 0);
    new OperatorReplay(replay, audit, transactions, clock, random).replay(SYSTEM, second.id());
    DriveReplayRuns driver = driver("a", 1000, 50);

    driveUntilIdle(driver);
    failAgain(first);
    driveUntilIdle(driver);

    ReplayRun done = runs.run(run.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(ReplayRunState.COMPLETED);
    assertThat(done.replayed()).isEqualTo(1);
    assertThat(done.skipped()).isEqualTo(1);
    assertThat(deadLetters.find(first.id()).orElseThrow().state()).isEqualTo(DeadLetterState.DEAD);
    assertThat(deadLetters.find(first.id()).orElseThrow().replayCount()).isEqualTo(1);
  }

  @Test
  void onlyTheLeaseHolderDrivesARunAndAnotherTakesOverWhenTheLeaseExpires() {
    for (int i = 0; i < 4; i++) {
      dead(ACME, "a.example", FAILED.plusSeconds(i), 0);
    }
    ReplayRun run = start(DeadLetterFilter.all(), 0);
    DriveReplayRuns a = driver("a", 1, 50);
    DriveReplayRuns b = driver("b", 1, 50);

    a.step();
    assertThat(b.step()).isEqualTo(Duration.ofSeconds(1));
    assertThat(runs.run(run.id()).orElseThrow().replayed()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(31)); // a died: its lease expired
    b.step();
    assertThat(runs.run(run.id()).orElseThrow().replayed()).isEqualTo(2);
    assertThat(a.step()).isEqualTo(Duration.ofSeconds(1)); // b holds it now
    assertThat(runs.run(run.id()).orElseThrow().replayed()).isEqualTo(2);
  }

  @Test
  void aCanaryThatCompletesLetsTheRestGo() {
    for (int i = 0; i < 6; i++) {
      dead(ACME, "a.example", FAILED.plusSeconds(i), 0);
    }
    ReplayRun run = start(DeadLetterFilter.all(), 2);
    DriveReplayRuns driver = driver("a", 1000, 50);

    driveUntilIdle(driver);
    assertThat(runs.run(run.id()).orElseThrow().replayed()).isEqualTo(2);
    assertThat(driver.step()).isEqualTo(Duration.ofSeconds(2)); // waiting for the canary
    assertThat(runs.run(run.id()).orElseThrow().replayed()).isEqualTo(2);

    jobs.all().stream()
        .filter(j -> j.status() == JobStatus.QUEUED)
        .forEach(j -> jobs.put(withStatus(j, JobStatus.COMPLETED)));
    driveUntilIdle(driver);

    ReplayRun done = runs.run(run.id()).orElseThrow();
    assertThat(done.canaryPassed()).isTrue();
    assertThat(done.replayed()).isEqualTo(6);
    assertThat(done.state()).isEqualTo(ReplayRunState.COMPLETED);
    assertThat(runs.find(run.id(), null).orElseThrow().succeeded()).isEqualTo(2);
  }

  @Test
  void aCanaryWithAFailureAbortsTheRunAndReplaysNothingMore() {
    for (int i = 0; i < 6; i++) {
      dead(ACME, "a.example", FAILED.plusSeconds(i), 0);
    }
    ReplayRun run = start(DeadLetterFilter.all(), 3);
    DriveReplayRuns driver = driver("a", 1000, 50);
    driveUntilIdle(driver);
    List<Job> canary = jobs.all().stream().filter(j -> j.status() == JobStatus.QUEUED).toList();
    assertThat(canary).hasSize(3);

    jobs.put(withStatus(canary.get(0), JobStatus.COMPLETED));
    jobs.put(withStatus(canary.get(1), JobStatus.FAILED));
    driveUntilIdle(driver);

    ReplayRun aborted = runs.run(run.id()).orElseThrow();
    assertThat(aborted.state()).isEqualTo(ReplayRunState.ABORTED);
    assertThat(aborted.reason()).contains("1 of 3");
    assertThat(aborted.replayed()).isEqualTo(3);
    assertThat(dispatches.messages()).hasSize(3);
    assertThat(runs.oldestRunning()).isEmpty();
  }

  @Test
  void aCanaryThatDoesNotFinishInTimeAbortsTheRun() {
    dead(ACME, "a.example", FAILED, 0);
    dead(ACME, "a.example", FAILED.plusSeconds(1), 0);
    ReplayRun run = start(DeadLetterFilter.all(), 1);
    DriveReplayRuns driver = driver("a", 1000, 50);
    driveUntilIdle(driver);

    clock.advance(Duration.ofMinutes(10));
    driver.step();

    ReplayRun aborted = runs.run(run.id()).orElseThrow();
    assertThat(aborted.state()).isEqualTo(ReplayRunState.ABORTED);
    assertThat(aborted.reason()).contains("timed out");
  }

  // ---- fixtures

  private ReplayRun start(DeadLetterFilter filter, int canary) {
    return ((BulkReplayOutcome.Started)
            startBulkReplay.start(new BulkReplayCommand(SYSTEM, filter, 1000, false, canary)))
        .run();
  }

  /** Steps until the driver has nothing to do right now (waiting at least its idle second). */
  private void driveUntilIdle(DriveReplayRuns driver) {
    for (int i = 0; i < 1000; i++) {
      Duration wait = driver.step();
      if (wait.compareTo(Duration.ofSeconds(1)) >= 0) {
        return;
      }
      clock.advance(wait.isZero() ? Duration.ofMillis(1) : wait);
    }
    throw new AssertionError("the driver never went idle");
  }

  private static DeadLetterFilter hostFilter(String host) {
    return new DeadLetterFilter(null, host, null, null, null, null);
  }

  private DeadLetter dead(TenantId tenant, String host, Instant failedAt, int replayCount) {
    sequence++;
    Job job = failedJob(tenant, host, replayCount);
    jobs.put(job);
    DeadLetter entry =
        new DeadLetter(
            new DeadLetterId(new UUID(0x0190f5c2_0000_7000L, 0x8000_0000_0000_0000L + sequence)),
            job.id(),
            tenant,
            "https://" + host + "/x",
            host,
            failedAt,
            3,
            new JobError("http_status", "target answered 503"),
            DeadLetterState.DEAD,
            replayCount,
            null);
    deadLetters.put(entry);
    return entry;
  }

  private DeadLetter replayed(TenantId tenant, String host) {
    DeadLetter entry = dead(tenant, host, FAILED, 0);
    DeadLetter replayedEntry = entry.replayed(START);
    deadLetters.put(replayedEntry);
    return replayedEntry;
  }

  /** What a worker does when a replayed job fails again. */
  private void failAgain(DeadLetter entry) {
    Job job = jobs.find(entry.tenantId(), entry.jobId()).orElseThrow();
    jobs.put(withStatus(job, JobStatus.FAILED));
    DeadLetter current = deadLetters.find(entry.id()).orElseThrow();
    deadLetters.put(
        new DeadLetter(
            current.id(),
            current.jobId(),
            current.tenantId(),
            current.url(),
            current.host(),
            clock.instant(),
            1,
            current.lastError(),
            DeadLetterState.DEAD,
            current.replayCount(),
            current.lastReplayedAt()));
  }

  private Job failedJob(TenantId tenant, String host, int generation) {
    return new Job(
        new JobId(new UUID(0x0190f5c2_0000_7000L, 0x8000_0000_0001_0000L + sequence)),
        tenant,
        null,
        JobStatus.FAILED,
        new JobRequest(
            "https://" + host + "/x",
            HttpMethod.GET,
            Map.of(),
            null,
            Duration.ofSeconds(10),
            true,
            RetryPolicy.DEFAULT,
            null,
            Map.of()),
        3,
        generation,
        null,
        FAILED,
        FAILED,
        FAILED,
        null,
        new JobError("http_status", "target answered 503"));
  }

  private static Job withStatus(Job job, JobStatus status) {
    return new Job(
        job.id(),
        job.tenantId(),
        job.batchId(),
        status,
        job.request(),
        1,
        job.generation(),
        null,
        job.createdAt(),
        job.updatedAt(),
        status.isTerminal() ? job.updatedAt() : null,
        null,
        status == JobStatus.FAILED ? new JobError("http_status", "again") : null);
  }
}
