package io.fetchq.api.batches.usecase;

import io.fetchq.api.batches.domain.BatchId;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.usecase.JobPage;
import io.fetchq.api.jobs.usecase.JobQuery;
import io.fetchq.api.jobs.usecase.ListJobs;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.kernel.jobs.JobStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * Lists the jobs of one batch of a tenant, newest first, a page at a time. Unlike {@code GET
 * /api/v1/jobs?batchId=}, which answers an empty page, a batch the tenant does not own reads as
 * missing.
 */
public final class ListBatchJobs {

  private final BatchRepository batches;
  private final ListJobs listJobs;

  public ListBatchJobs(BatchRepository batches, ListJobs listJobs) {
    this.batches = Objects.requireNonNull(batches, "batches");
    this.listJobs = Objects.requireNonNull(listJobs, "listJobs");
  }

  /**
   * A page of batch {@code id}'s jobs, optionally only those in {@code status} (null: all), below
   * {@code before} (null: from the newest); empty when {@code tenant} owns no such batch.
   *
   * @throws IllegalArgumentException if {@code limit} is outside the range of {@link ListJobs}
   */
  public Optional<JobPage> list(
      TenantId tenant, BatchId id, JobStatus status, JobId before, int limit) {
    if (!batches.exists(tenant, id)) {
      return Optional.empty();
    }
    return Optional.of(listJobs.list(new JobQuery(tenant, status, id.value(), before), limit));
  }
}
