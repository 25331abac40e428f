package io.fetchq.api.jobs.usecase;

import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.tenants.domain.TenantId;
import java.util.List;
import java.util.Optional;

/** Where jobs are kept. Every read is scoped by tenant: another tenant's job is never found. */
public interface JobRepository {

  /**
   * Stores a newly accepted job. Must run inside the caller's transaction ({@link Transactions}).
   *
   * @throws IllegalStateException if a job with that id exists
   */
  void add(Job job);

  /**
   * Stores newly accepted jobs, all or none (a batch). Must run inside the caller's transaction
   * ({@link Transactions}). Adapters write them in bulk; the default adds them one by one.
   *
   * @throws IllegalStateException if a job with one of their ids exists
   */
  default void addAll(List<Job> jobs) {
    jobs.forEach(this::add);
  }

  /** The job with {@code id} owned by {@code tenant}, with its result if any; empty otherwise. */
  Optional<Job> find(TenantId tenant, JobId id);

  /**
   * The job with {@code id} owned by {@code tenant}, its row locked until the caller's transaction
   * ends ({@code SELECT ... FOR UPDATE}), so a worker's claim of the same job waits for it and then
   * sees its outcome. Must run inside the caller's transaction ({@link Transactions}).
   *
   * @return the job with its result if any; empty if it does not exist or another tenant owns it
   */
  Optional<Job> lock(TenantId tenant, JobId id);

  /**
   * Stores a new life-cycle state of a job found by {@link #lock} in the same transaction: status,
   * attempts, generation, next attempt, last error, times. The request never changes. When {@code
   * job} has no result, a stored result is removed (a replayed job starts clean). Must run inside
   * the caller's transaction ({@link Transactions}).
   *
   * @throws IllegalStateException if the job does not exist
   */
  void update(Job job);
}
