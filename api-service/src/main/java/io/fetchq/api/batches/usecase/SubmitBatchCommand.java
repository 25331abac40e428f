package io.fetchq.api.batches.usecase;

import io.fetchq.api.batches.domain.Batch;
import io.fetchq.api.idempotency.domain.IdempotentRequest;
import io.fetchq.api.idempotency.domain.IdempotentResource;
import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.tenants.domain.TenantId;
import java.util.List;
import java.util.Objects;

/**
 * Asks to accept a batch of jobs, all or none.
 *
 * @param tenantId the authenticated caller's tenant, who will own the batch and its jobs
 * @param jobs the jobs in submission order, each already valid per {@link
 *     io.fetchq.api.jobs.domain.JobRequestRules}; {@value Batch#MIN_SIZE}..{@value Batch#MAX_SIZE}
 * @param callbackUrl where to POST {@code batch.completed}, or null
 */
public record SubmitBatchCommand(
    TenantId tenantId, List<JobRequest> jobs, String callbackUrl, IdempotentRequest idempotency) {

  public SubmitBatchCommand {
    Objects.requireNonNull(tenantId, "tenantId");
    jobs = List.copyOf(Objects.requireNonNull(jobs, "jobs"));
    if (jobs.size() < Batch.MIN_SIZE || jobs.size() > Batch.MAX_SIZE) {
      throw new IllegalArgumentException(
          "a batch holds " + Batch.MIN_SIZE + ".." + Batch.MAX_SIZE + " jobs");
    }
    if (idempotency != null && idempotency.resource() != IdempotentResource.BATCH) {
      throw new IllegalArgumentException("a batch submission's idempotency resource must be BATCH");
    }
  }

  /** A submission without an idempotency key. */
  public SubmitBatchCommand(TenantId tenantId, List<JobRequest> jobs, String callbackUrl) {
    this(tenantId, jobs, callbackUrl, null);
  }

  /** What the batch costs against the tenant's rate limit: one token per job (API.md). */
  public int cost() {
    return jobs.size();
  }
}
