package io.fetchq.api.jobs.usecase;

import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.tenants.domain.TenantId;
import java.util.Optional;

/** Where jobs are kept. Every read is scoped by tenant: another tenant's job is never found. */
public interface JobRepository {

  /**
   * Stores a newly accepted job. Must run inside the caller's transaction ({@link Transactions}).
   *
   * @throws IllegalStateException if a job with that id exists
   */
  void add(Job job);

  /** The job with {@code id} owned by {@code tenant}, with its result if any; empty otherwise. */
  Optional<Job> find(TenantId tenant, JobId id);
}
