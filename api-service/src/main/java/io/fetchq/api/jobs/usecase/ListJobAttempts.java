package io.fetchq.api.jobs.usecase;

import io.fetchq.api.jobs.domain.JobAttempt;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.tenants.domain.TenantId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Lists the attempts of one job of a tenant, for its current generation (a replayed job shows only
 * the attempts since its replay). Another tenant's job is indistinguishable from a missing one.
 */
public final class ListJobAttempts {

  private final JobRepository jobs;
  private final JobAttemptRepository attempts;

  public ListJobAttempts(JobRepository jobs, JobAttemptRepository attempts) {
    this.jobs = Objects.requireNonNull(jobs, "jobs");
    this.attempts = Objects.requireNonNull(attempts, "attempts");
  }

  /** The attempts ordered by number if {@code tenant} owns job {@code id}; empty otherwise. */
  public Optional<List<JobAttempt>> list(TenantId tenant, JobId id) {
    return jobs.find(tenant, id).map(job -> attempts.list(tenant, job.id(), job.generation()));
  }
}
