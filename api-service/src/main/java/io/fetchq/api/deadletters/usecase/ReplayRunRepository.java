package io.fetchq.api.deadletters.usecase;

import io.fetchq.api.deadletters.domain.DeadLetterFilter;
import io.fetchq.api.deadletters.domain.ReplayRun;
import io.fetchq.api.deadletters.domain.ReplayRunId;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.kernel.jobs.JobStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where bulk replay runs, their snapshots (items) and their leases are kept. Methods that change
 * something must run inside the caller's transaction.
 */
public interface ReplayRunRepository {

  /**
   * How many entries a bulk replay of {@code filter} would replay now: {@code dead} entries
   * replayed fewer than {@code maxReplayCount} times, at most {@code limit}.
   */
  int countEligible(DeadLetterFilter filter, int maxReplayCount, int limit);

  /** Stores a new run (its snapshot is taken by {@link #snapshot}). */
  void add(ReplayRun run);

  /**
   * Snapshots the entries run {@code id} will replay: the same entries {@link #countEligible}
   * counts, newest failure first, as its items.
   *
   * @return how many items the snapshot holds
   */
  int snapshot(ReplayRunId id, DeadLetterFilter filter, int maxReplayCount, int limit);

  /** The oldest run still {@code running}, if any: runs are driven one at a time, oldest first. */
  Optional<ReplayRunId> oldestRunning();

  /**
   * Takes or renews the lease of run {@code id} for {@code owner} until {@code leaseUntil}, if it
   * is running and nobody else holds an unexpired lease; skips a run whose row another transaction
   * holds ({@code FOR UPDATE SKIP LOCKED}).
   *
   * @return the run if {@code owner} now holds its lease
   */
  Optional<ReplayRun> claim(ReplayRunId id, String owner, Instant now, Instant leaseUntil);

  /**
   * Run {@code id}, its row locked until the transaction ends, if it is running and {@code owner}
   * still holds an unexpired lease on it; empty otherwise (the lease was lost).
   */
  Optional<ReplayRun> lockOwned(ReplayRunId id, String owner, Instant now);

  /** Up to {@code limit} unprocessed items of run {@code id}, in snapshot order. */
  List<ReplayItem> pending(ReplayRunId id, int limit);

  /**
   * Records the outcome of an item: replayed into job generation {@code generation}, or skipped
   * when {@code generation} is null.
   */
  void markItem(ReplayRunId id, int position, Integer generation);

  /** The current statuses of the jobs run {@code id} replayed, in the generation it started. */
  List<JobStatus> replayedJobStatuses(ReplayRunId id);

  /** Stores the run's progress and state; a finished run's lease is released. */
  void save(ReplayRun run);

  /**
   * Run {@code id} with its jobs' outcomes, if {@code scope} may see it (null: every run; a tenant:
   * only runs limited to that tenant).
   */
  Optional<ReplayRunProgress> find(ReplayRunId id, TenantId scope);
}
