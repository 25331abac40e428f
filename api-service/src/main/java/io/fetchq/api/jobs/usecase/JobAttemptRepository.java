package io.fetchq.api.jobs.usecase;

import io.fetchq.api.jobs.domain.JobAttempt;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.tenants.domain.TenantId;
import java.util.List;

/** The attempts the workers recorded. Read-only for the API; scoped by tenant like the jobs. */
public interface JobAttemptRepository {

  /**
   * The attempts of generation {@code generation} of job {@code jobId}, ordered by attempt number;
   * empty when there are none or when the job does not belong to {@code tenant}.
   */
  List<JobAttempt> list(TenantId tenant, JobId jobId, int generation);
}
