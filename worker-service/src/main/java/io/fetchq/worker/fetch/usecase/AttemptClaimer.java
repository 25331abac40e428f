package io.fetchq.worker.fetch.usecase;

import io.fetchq.worker.fetch.domain.AttemptRef;
import io.fetchq.worker.fetch.domain.ClaimedJob;
import java.util.List;

/** Port: claims attempts in the job store. */
public interface AttemptClaimer {

  /**
   * Claims every attempt in {@code attempts} that is still due, atomically per job: attempt N of a
   * job is claimed when the job is {@code queued} or {@code retrying} with N-1 attempts started, or
   * already {@code running} attempt N (a redelivery after a crashed worker). Claimed jobs become
   * {@code running} with N attempts started.
   *
   * @param attempts distinct attempts, possibly empty
   * @return the claimed ones with their requests, in no particular order; stale attempts (the job
   *     was cancelled, finished, or has moved to another attempt) are absent
   */
  List<ClaimedJob> claim(List<AttemptRef> attempts);
}
