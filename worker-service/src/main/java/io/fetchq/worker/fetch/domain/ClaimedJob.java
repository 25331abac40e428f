package io.fetchq.worker.fetch.domain;

import java.util.Objects;

/**
 * An attempt this worker has claimed in the database: the job row is {@code running} with {@code
 * attempts = attempt}, so this worker may fetch and record it.
 *
 * @param jobId the job
 * @param tenantId its tenant
 * @param attempt the claimed 1-based attempt
 * @param request what to fetch
 */
public record ClaimedJob(JobId jobId, TenantId tenantId, int attempt, FetchRequest request) {

  public ClaimedJob {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(request, "request");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1");
    }
  }

  /** The attempt this claim is for. */
  public AttemptRef ref() {
    return new AttemptRef(jobId, attempt);
  }
}
