package io.fetchq.api.deadletters.usecase;

import io.fetchq.api.deadletters.domain.AuditAction;
import io.fetchq.api.deadletters.domain.AuditEntry;
import io.fetchq.api.deadletters.domain.DeadLetterFilter;
import io.fetchq.api.deadletters.domain.DeadLetterState;
import io.fetchq.api.deadletters.domain.ReplayRun;
import io.fetchq.api.deadletters.domain.ReplayRunId;
import io.fetchq.api.jobs.usecase.Transactions;
import io.fetchq.kernel.ids.UuidV7;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Requests a bulk replay. The matching entries are those {@code dead} (not being retried), replayed
 * fewer than {@code maxReplayCount} times (entries that keep failing need an operator's single
 * replay), within the actor's tenant scope, newest failure first, at most {@code limit}. A dry run
 * only counts them. Otherwise, in one transaction, a run is created with a snapshot of exactly
 * those entries (so entries that fail again while it runs are not replayed twice by it) and the
 * request is audited; a background driver ({@link DriveReplayRuns}) then replays them at the
 * configured rate. Dry runs are audited too.
 */
public final class StartBulkReplay {

  private final ReplayRunRepository runs;
  private final DeadLetterAuditLog audit;
  private final Transactions transactions;
  private final Clock clock;
  private final RandomGenerator random;
  private final int maxReplayCount;

  public StartBulkReplay(
      ReplayRunRepository runs,
      DeadLetterAuditLog audit,
      Transactions transactions,
      Clock clock,
      RandomGenerator random,
      int maxReplayCount) {
    this.runs = Objects.requireNonNull(runs, "runs");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    if (maxReplayCount < 1) {
      throw new IllegalArgumentException("maxReplayCount must be >= 1");
    }
    this.maxReplayCount = maxReplayCount;
  }

  public BulkReplayOutcome start(BulkReplayCommand command) {
    DeadLetterFilter requested = command.filter().withState(null);
    DeadLetterFilter filter =
        requested.within(command.actor().scope()).withState(DeadLetterState.DEAD);
    boolean excluded = requested.excludes(command.actor().scope());
    return transactions.inTransaction(
        () -> {
          Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
          BulkReplayOutcome outcome;
          ReplayRunId runId = null;
          if (command.dryRun()) {
            int matched =
                excluded ? 0 : runs.countEligible(filter, maxReplayCount, command.limit());
            outcome = new BulkReplayOutcome.DryRun(matched);
          } else {
            runId = new ReplayRunId(UuidV7.generate(now, random));
            ReplayRun empty =
                ReplayRun.requested(
                    runId, now, command.actor(), requested, command.limit(), command.canary(), 0);
            runs.add(empty);
            int matched =
                excluded ? 0 : runs.snapshot(runId, filter, maxReplayCount, command.limit());
            ReplayRun run =
                ReplayRun.requested(
                    runId,
                    now,
                    command.actor(),
                    requested,
                    command.limit(),
                    command.canary(),
                    matched);
            if (matched == 0) {
              run = run.completed(now);
            }
            runs.save(run);
            outcome = new BulkReplayOutcome.Started(run);
          }
          audit.record(
              new AuditEntry(
                  UuidV7.generate(now, random),
                  now,
                  AuditAction.BULK_REPLAY,
                  command.actor(),
                  filter.tenant(),
                  null,
                  null,
                  runId,
                  requested,
                  command.dryRun(),
                  outcome.matched(),
                  command.dryRun() ? 0 : outcome.matched()));
          return outcome;
        });
  }
}
