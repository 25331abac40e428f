package io.fetchq.api.jobs.usecase;

import io.fetchq.api.jobs.domain.JobAttempt;
import io.fetchq.api.jobs.domain.JobId;
import java.util.List;

/** The attempts the workers recorded. Read-only for the API. */
public interface JobAttemptRepository {

  /**
   * The attempts of generation {@code generation} of job {@code jobId}, ordered by attempt number;
   * empty when there are none. The caller has checked that the job belongs to its tenant.
   */
  List<JobAttempt> list(JobId jobId, int generation);
}
