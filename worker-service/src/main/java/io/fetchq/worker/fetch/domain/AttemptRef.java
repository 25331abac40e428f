package io.fetchq.worker.fetch.domain;

import java.util.Objects;

/**
 * One attempt of one job, as a job message asks for it. The generation (how many times the job was
 * replayed from the dead-letter queue) is part of the identity, so a message from before a replay
 * never claims an attempt of the replayed job.
 *
 * @param jobId the job
 * @param generation the job's replay count, >= 0
 * @param attempt the 1-based attempt number
 */
public record AttemptRef(JobId jobId, int generation, int attempt) {

  public AttemptRef {
    Objects.requireNonNull(jobId, "jobId");
    if (generation < 0) {
      throw new IllegalArgumentException("generation must be >= 0");
    }
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1");
    }
  }

  /** Attempt {@code attempt} of generation 0 (a job never replayed). */
  public static AttemptRef of(JobId jobId, int attempt) {
    return new AttemptRef(jobId, 0, attempt);
  }

  /** The attempt after this one, in the same generation. */
  public AttemptRef next() {
    return new AttemptRef(jobId, generation, attempt + 1);
  }
}
