package io.fetchq.api.deadletters.domain;

import io.fetchq.api.tenants.domain.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * A bulk replay: the entries matched when it was requested (its snapshot, {@code matched} of them)
 * are replayed by a background driver at a limited rate. Instances are immutable; transitions
 * return new ones and refuse to leave a final state.
 *
 * @param id the run's id
 * @param requestedAt when it was requested
 * @param actor who requested it
 * @param scope the only tenant whose entries it may touch, or null for every tenant
 * @param filter the filter as requested (state is always {@code dead})
 * @param maxEntries the requested limit
 * @param canary how many entries to replay and see complete before the rest (0: no canary)
 * @param canaryPassed whether the canary completed, so the rest may be replayed
 * @param canaryReplayedAt when the last canary entry was replayed (its wait started), or null
 * @param state running, completed or aborted
 * @param reason why it was aborted, or null
 * @param matched how many entries its snapshot holds
 * @param replayed how many of them were replayed so far
 * @param skipped how many were skipped (no longer dead when their turn came: replayed by someone
 *     else, discarded, or their job no longer failed)
 * @param finishedAt when it completed or was aborted, or null
 */
public record ReplayRun(
    ReplayRunId id,
    Instant requestedAt,
    AdminActor actor,
    TenantId scope,
    DeadLetterFilter filter,
    int maxEntries,
    int canary,
    boolean canaryPassed,
    Instant canaryReplayedAt,
    ReplayRunState state,
    String reason,
    int matched,
    int replayed,
    int skipped,
    Instant finishedAt) {

  public ReplayRun {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(requestedAt, "requestedAt");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(state, "state");
    if (maxEntries < 1 || canary < 0 || matched < 0 || replayed < 0 || skipped < 0) {
      throw new IllegalArgumentException("counts must not be negative, maxEntries >= 1");
    }
    if (replayed + skipped > matched) {
      throw new IllegalArgumentException("more items processed than matched");
    }
  }

  /** A new run with {@code matched} entries in its snapshot, nothing processed yet. */
  public static ReplayRun requested(
      ReplayRunId id,
      Instant now,
      AdminActor actor,
      DeadLetterFilter filter,
      int maxEntries,
      int canary,
      int matched) {
    return new ReplayRun(
        id,
        now,
        actor,
        actor.scope(),
        filter,
        maxEntries,
        canary,
        false,
        null,
        ReplayRunState.RUNNING,
        null,
        matched,
        0,
        0,
        null);
  }

  /** Whether items remain unprocessed. */
  public boolean hasPendingItems() {
    return replayed + skipped < matched;
  }

  /**
   * Whether the run is replaying or waiting for its canary: it has one that has not passed yet. The
   * canary is the first {@code canary} entries that could be replayed.
   */
  public boolean inCanary() {
    return canary > 0 && !canaryPassed;
  }

  /** How many more entries the canary needs replayed (0 once it is complete or passed). */
  public int canaryShortfall() {
    return inCanary() ? Math.max(0, canary - replayed) : 0;
  }

  /** The run after a batch: {@code replayedNow} more replayed, {@code skippedNow} more skipped. */
  public ReplayRun processed(int replayedNow, int skippedNow) {
    requireRunning();
    return new ReplayRun(
        id,
        requestedAt,
        actor,
        scope,
        filter,
        maxEntries,
        canary,
        canaryPassed,
        canaryReplayedAt,
        state,
        reason,
        matched,
        replayed + replayedNow,
        skipped + skippedNow,
        finishedAt);
  }

  /** The run whose canary is fully replayed at {@code now}: its wait starts. */
  public ReplayRun canaryReplayed(Instant now) {
    requireRunning();
    return new ReplayRun(
        id,
        requestedAt,
        actor,
        scope,
        filter,
        maxEntries,
        canary,
        canaryPassed,
        now,
        state,
        reason,
        matched,
        replayed,
        skipped,
        finishedAt);
  }

  /** The run whose canary completed: the rest may be replayed. */
  public ReplayRun passCanary() {
    requireRunning();
    return new ReplayRun(
        id,
        requestedAt,
        actor,
        scope,
        filter,
        maxEntries,
        canary,
        true,
        canaryReplayedAt,
        state,
        reason,
        matched,
        replayed,
        skipped,
        finishedAt);
  }

  /** The run completed at {@code now}. */
  public ReplayRun completed(Instant now) {
    return finished(ReplayRunState.COMPLETED, null, now);
  }

  /** The run stopped at {@code now} for {@code why}; its remaining items are never replayed. */
  public ReplayRun aborted(String why, Instant now) {
    return finished(ReplayRunState.ABORTED, Objects.requireNonNull(why, "why"), now);
  }

  private ReplayRun finished(ReplayRunState end, String why, Instant now) {
    requireRunning();
    Objects.requireNonNull(now, "now");
    return new ReplayRun(
        id,
        requestedAt,
        actor,
        scope,
        filter,
        maxEntries,
        canary,
        canaryPassed,
        canaryReplayedAt,
        end,
        why,
        matched,
        replayed,
        skipped,
        now);
  }

  private void requireRunning() {
    if (state != ReplayRunState.RUNNING) {
      throw new IllegalStateException("a " + state.wireName() + " run cannot change");
    }
  }
}
