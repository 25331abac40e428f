package io.fetchq.api.jobs.usecase;

import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.tenants.domain.TenantId;
import java.util.Objects;

/**
 * Asks to accept one job.
 *
 * @param tenantId the authenticated caller's tenant, who will own the job
 * @param request what to fetch, already valid per {@link io.fetchq.api.jobs.domain.JobRequestRules}
 */
public record SubmitJobCommand(TenantId tenantId, JobRequest request) {
  public SubmitJobCommand {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(request, "request");
  }
}
