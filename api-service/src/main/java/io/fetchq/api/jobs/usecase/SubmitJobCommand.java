package io.fetchq.api.jobs.usecase;

import io.fetchq.api.idempotency.domain.IdempotentRequest;
import io.fetchq.api.idempotency.domain.IdempotentResource;
import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.tenants.domain.TenantId;
import java.util.Objects;

/**
 * Asks to accept one job.
 *
 * @param tenantId the authenticated caller's tenant, who will own the job
 * @param request what to fetch, already valid per {@link io.fetchq.api.jobs.domain.JobRequestRules}
 * @param idempotency the request's idempotency key and fingerprint (resource {@code JOB}), or null
 *     when the caller sent no key
 */
public record SubmitJobCommand(
    TenantId tenantId, JobRequest request, IdempotentRequest idempotency) {
  public SubmitJobCommand {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(request, "request");
    if (idempotency != null && idempotency.resource() != IdempotentResource.JOB) {
      throw new IllegalArgumentException("a job submission's idempotency resource must be JOB");
    }
  }

  /** A submission without an idempotency key. */
  public SubmitJobCommand(TenantId tenantId, JobRequest request) {
    this(tenantId, request, null);
  }
}
