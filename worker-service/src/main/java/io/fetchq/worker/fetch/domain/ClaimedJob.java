package io.fetchq.worker.fetch.domain;

import io.fetchq.kernel.jobs.RetryPolicy;
import java.time.Instant;
import java.util.Objects;

/**
 * An attempt this worker has claimed in the database: the job row is {@code running} with {@code
 * attempts = attempt} in this generation, so this worker may fetch and record it.
 *
 * @param jobId the job
 * @param tenantId its tenant
 * @param generation the job's replay count
 * @param attempt the claimed 1-based attempt
 * @param request what to fetch
 * @param policy how the job is retried
 * @param acceptedAt when the API accepted the job (its {@code created_at}), for latency metrics
 */
public record ClaimedJob(
    JobId jobId,
    TenantId tenantId,
    int generation,
    int attempt,
    FetchRequest request,
    RetryPolicy policy,
    Instant acceptedAt) {

  public ClaimedJob {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(acceptedAt, "acceptedAt");
    if (generation < 0) {
      throw new IllegalArgumentException("generation must be >= 0");
    }
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1");
    }
  }

  /** The attempt this claim is for. */
  public AttemptRef ref() {
    return new AttemptRef(jobId, generation, attempt);
  }
}
