package io.fetchq.worker.fetch.usecase;

import io.fetchq.worker.fetch.domain.ClaimedJob;
import java.time.Instant;

/** Port: undoes the claim of an attempt that was not fetched. */
public interface AttemptReleaser {

  /**
   * Undoes the claim of {@code job}'s attempt N: when the job is still {@code running} attempt N of
   * its generation, it goes back to {@code retrying} (or {@code queued} when no attempt is left
   * started) with N-1 attempts and {@code next_attempt_at = until}.
   *
   * @return whether the claim was undone (false: the row moved on, nothing is owed)
   */
  boolean release(ClaimedJob job, Instant until);
}
