package io.fetchq.api.deadletters.usecase;

import io.fetchq.api.deadletters.domain.CanaryVerdict;
import io.fetchq.api.deadletters.domain.ReplayPacer;
import io.fetchq.api.deadletters.domain.ReplayRun;
import io.fetchq.api.deadletters.domain.ReplayRunId;
import io.fetchq.api.jobs.usecase.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Drives bulk replay runs, one step per call; one thread per API instance calls {@link #step} in a
 * loop and waits as long as each step answers. Runs are driven one at a time cluster-wide, oldest
 * first: the instance that holds a run's lease drives it and renews the lease every step; when an
 * instance dies its lease expires and another takes over where the run's items say it stopped (an
 * item is marked in the transaction that replays it, so nothing is replayed twice).
 *
 * <p>A step replays the next small batch of items in one transaction, through {@link
 * ReplayDeadLetter}'s semantics (fresh attempt budget, next generation, entry marked replayed), as
 * many as the {@link ReplayPacer} allows at the configured rate. An item whose entry cannot be
 * replayed any more (replayed by someone else, discarded, job no longer failed) is skipped. A run
 * with a canary first replays that many entries, then waits until their jobs are terminal: all
 * {@code completed} lets the rest go; anything else, or no end within the canary timeout, aborts
 * the run.
 */
public final class DriveReplayRuns {

  /**
   * How the driver works.
   *
   * @param owner this instance's name in leases (unique per process)
   * @param ratePerSecond entries replayed per second at most, on average
   * @param batchSize entries replayed per transaction at most
   * @param lease how long a lease lasts without renewal
   * @param idle how long to wait when there is nothing to do
   * @param canaryPoll how often to check a canary's jobs
   * @param canaryTimeout how long to wait for a canary's jobs before aborting
   */
  public record Settings(
      String owner,
      double ratePerSecond,
      int batchSize,
      Duration lease,
      Duration idle,
      Duration canaryPoll,
      Duration canaryTimeout) {

    public Settings {
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(lease, "lease");
      Objects.requireNonNull(idle, "idle");
      Objects.requireNonNull(canaryPoll, "canaryPoll");
      Objects.requireNonNull(canaryTimeout, "canaryTimeout");
      if (!(ratePerSecond > 0) || batchSize < 1) {
        throw new IllegalArgumentException("ratePerSecond > 0 and batchSize >= 1 required");
      }
    }

    /** The pacer's bucket: a fifth of a second's worth, at least one, at most a batch. */
    int burst() {
      return (int) Math.max(1, Math.min(batchSize, Math.ceil(ratePerSecond / 5)));
    }
  }

  private final ReplayRunRepository runs;
  private final ReplayDeadLetter replay;
  private final Transactions transactions;
  private final Clock clock;
  private final Settings settings;
  private ReplayPacer pacer;
  private ReplayRunId pacedRun;
  private final ReplayMetrics metrics;

  public DriveReplayRuns(
      ReplayRunRepository runs,
      ReplayDeadLetter replay,
      Transactions transactions,
      Clock clock,
      Settings settings) {
    this(runs, replay, transactions, clock, settings, ReplayMetrics.NONE);
  }

  public DriveReplayRuns(
      ReplayRunRepository runs,
      ReplayDeadLetter replay,
      Transactions transactions,
      Clock clock,
      Settings settings,
      ReplayMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.runs = Objects.requireNonNull(runs, "runs");
    this.replay = Objects.requireNonNull(replay, "replay");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Does the next piece of work, if any; answers how long to wait before the next call. */
  public synchronized Duration step() {
    Optional<ReplayRunId> oldest = runs.oldestRunning();
    if (oldest.isEmpty()) {
      pacedRun = null;
      return settings.idle();
    }
    ReplayRunId id = oldest.get();
    Instant now = clock.instant();
    Optional<ReplayRun> claimed =
        transactions.inTransaction(
            () -> runs.claim(id, settings.owner(), now, now.plus(settings.lease())));
    if (claimed.isEmpty()) {
      return settings.idle();
    }
    if (!id.equals(pacedRun)) {
      pacer = new ReplayPacer(settings.ratePerSecond(), settings.burst());
      pacedRun = id;
    }
    ReplayRun run = claimed.get();
    if (run.inCanary() && (run.canaryShortfall() == 0 || !run.hasPendingItems())) {
      return judgeCanary(run, now);
    }
    if (!run.hasPendingItems()) {
      transactions.inTransaction(
          () -> {
            runs.lockOwned(id, settings.owner(), now)
                .ifPresent(locked -> runs.save(locked.completed(truncated(now))));
            return null;
          });
      return Duration.ZERO;
    }
    int wanted =
        run.inCanary()
            ? Math.min(settings.batchSize(), run.canaryShortfall())
            : settings.batchSize();
    int allowed = pacer.take(wanted, now);
    if (allowed == 0) {
      return pacer.untilNext(now);
    }
    int replayed = transactions.inTransaction(() -> replayBatch(id, allowed, now));
    if (replayed > 0) {
      metrics.replayed(ReplayMetrics.Queue.JOBS, ReplayMetrics.Mode.BULK, replayed);
    }
    return pacer.untilNext(clock.instant());
  }

  /** Replays the next items of run {@code id}; answers how many were replayed. */
  private int replayBatch(ReplayRunId id, int size, Instant now) {
    Optional<ReplayRun> locked = runs.lockOwned(id, settings.owner(), now);
    if (locked.isEmpty()) {
      return 0;
    }
    ReplayRun run = locked.get();
    List<ReplayItem> items = runs.pending(id, size);
    int replayed = 0;
    int skipped = 0;
    for (ReplayItem item : items) {
      ReplayDeadLetterCommand command =
          run.scope() == null
              ? ReplayDeadLetterCommand.anyTenant(item.deadLetterId())
              : ReplayDeadLetterCommand.ofTenant(run.scope(), item.deadLetterId());
      if (replay.replayInTransaction(command) instanceof ReplayOutcome.Replayed done) {
        runs.markItem(id, item.position(), done.job().generation());
        replayed++;
      } else {
        runs.markItem(id, item.position(), null);
        skipped++;
      }
    }
    ReplayRun progressed = run.processed(replayed, skipped);
    if (progressed.inCanary()
        && (progressed.canaryShortfall() == 0 || !progressed.hasPendingItems())) {
      progressed = progressed.canaryReplayed(truncated(now));
    }
    runs.save(progressed);
    return replayed;
  }

  private Duration judgeCanary(ReplayRun run, Instant now) {
    Instant since = run.canaryReplayedAt() == null ? now : run.canaryReplayedAt();
    CanaryVerdict verdict =
        CanaryVerdict.decide(
            runs.replayedJobStatuses(run.id()), since, now, settings.canaryTimeout());
    if (verdict instanceof CanaryVerdict.Wait) {
      return settings.canaryPoll();
    }
    transactions.inTransaction(
        () -> {
          runs.lockOwned(run.id(), settings.owner(), now)
              .ifPresent(
                  locked ->
                      runs.save(
                          verdict instanceof CanaryVerdict.Abort abort
                              ? locked.aborted(abort.reason(), truncated(now))
                              : locked.passCanary()));
          return null;
        });
    return Duration.ZERO;
  }

  private static Instant truncated(Instant at) {
    return at.truncatedTo(ChronoUnit.MILLIS);
  }
}
