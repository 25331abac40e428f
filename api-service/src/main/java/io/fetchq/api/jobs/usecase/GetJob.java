package io.fetchq.api.jobs.usecase;

import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.tenants.domain.TenantId;
import java.util.Objects;
import java.util.Optional;

/** Reads one job of a tenant. Another tenant's job is indistinguishable from a missing one. */
public final class GetJob {

  private final JobRepository jobs;

  public GetJob(JobRepository jobs) {
    this.jobs = Objects.requireNonNull(jobs, "jobs");
  }

  /** The job {@code id} if {@code tenant} owns it, with its result if any; empty otherwise. */
  public Optional<Job> get(TenantId tenant, JobId id) {
    return jobs.find(tenant, id);
  }
}
