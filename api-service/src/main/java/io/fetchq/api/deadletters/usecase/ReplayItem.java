package io.fetchq.api.deadletters.usecase;

import io.fetchq.api.deadletters.domain.DeadLetterId;
import io.fetchq.api.jobs.domain.JobId;
import java.util.Objects;

/**
 * One entry of a bulk replay's snapshot.
 *
 * @param position its place in the snapshot (1: the newest failure)
 * @param deadLetterId the entry
 * @param jobId the entry's job
 */
public record ReplayItem(int position, DeadLetterId deadLetterId, JobId jobId) {

  public ReplayItem {
    Objects.requireNonNull(deadLetterId, "deadLetterId");
    Objects.requireNonNull(jobId, "jobId");
  }
}
