package io.fetchq.worker.fetch.usecase;

import io.fetchq.worker.fetch.domain.JobId;
import io.fetchq.worker.fetch.domain.PastAttempt;
import java.util.List;

/** Port: reads a job's recorded attempts. */
public interface AttemptHistory {

  /**
   * The recorded attempts of {@code jobId} in {@code generation}, oldest first; empty when none.
   */
  List<PastAttempt> attempts(JobId jobId, int generation);
}
