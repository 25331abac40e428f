package io.fetchq.worker.fetch.domain;

import java.util.Objects;

/**
 * One attempt of one job, as a job message asks for it.
 *
 * @param jobId the job
 * @param attempt the 1-based attempt number
 */
public record AttemptRef(JobId jobId, int attempt) {

  public AttemptRef {
    Objects.requireNonNull(jobId, "jobId");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1");
    }
  }
}
