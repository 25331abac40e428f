package io.fetchq.api.batches.domain;

import io.fetchq.kernel.jobs.JobStatus;
import java.util.EnumMap;
import java.util.Map;

/** How many of a batch's jobs are in each status. */
public record BatchCounts(
    int queued, int running, int retrying, int completed, int failed, int cancelled) {

  public BatchCounts {
    if (queued < 0 || running < 0 || retrying < 0 || completed < 0 || failed < 0 || cancelled < 0) {
      throw new IllegalArgumentException("counts must be >= 0");
    }
  }

  /** The counts of {@code byStatus}; a missing status counts zero. */
  public static BatchCounts of(Map<JobStatus, Integer> byStatus) {
    Map<JobStatus, Integer> counts = new EnumMap<>(JobStatus.class);
    counts.putAll(byStatus);
    return new BatchCounts(
        counts.getOrDefault(JobStatus.QUEUED, 0),
        counts.getOrDefault(JobStatus.RUNNING, 0),
        counts.getOrDefault(JobStatus.RETRYING, 0),
        counts.getOrDefault(JobStatus.COMPLETED, 0),
        counts.getOrDefault(JobStatus.FAILED, 0),
        counts.getOrDefault(JobStatus.CANCELLED, 0));
  }

  /** Every job counted. */
  public int total() {
    return unfinished() + completed + failed + cancelled;
  }

  /** Jobs that are not terminal yet: queued, running or retrying. */
  public int unfinished() {
    return queued + running + retrying;
  }
}
