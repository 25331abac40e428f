package io.fetchq.api.jobs.usecase;

import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.kernel.jobs.JobStatus;
import java.util.Objects;
import java.util.UUID;

/**
 * Which jobs of a tenant to list, newest first.
 *
 * @param tenantId whose jobs; another tenant's jobs are never listed
 * @param status only jobs in this status, or null for every status
 * @param batchId only jobs of this batch, or null for jobs of any batch or none
 * @param before only jobs with an id below this one (the last id of the previous page), or null to
 *     start with the newest job
 */
public record JobQuery(TenantId tenantId, JobStatus status, UUID batchId, JobId before) {

  public JobQuery {
    Objects.requireNonNull(tenantId, "tenantId");
  }

  /** Every job of {@code tenantId}, from the newest. */
  public static JobQuery all(TenantId tenantId) {
    return new JobQuery(tenantId, null, null, null);
  }

  /** The same filters, continuing below {@code id}. */
  public JobQuery below(JobId id) {
    return new JobQuery(tenantId, status, batchId, Objects.requireNonNull(id, "id"));
  }
}
