package io.fetchq.worker.fetch.usecase;

import io.fetchq.worker.fetch.domain.AttemptRef;
import io.fetchq.worker.fetch.domain.ClaimResult;
import java.util.List;

/** Port: claims attempts in the job store. */
public interface AttemptClaimer {

  /**
   * Claims every attempt in {@code attempts} that is still due, atomically per job: attempt N of
   * generation G is claimed when the job has generation G and is {@code queued} or {@code retrying}
   * with N-1 attempts started, or already {@code running} attempt N (a redelivery after a crashed
   * worker). Claimed jobs become {@code running} with N attempts started. In the same round trip it
   * reports attempts whose outcome is recorded but whose follow-up may be missing: the job has
   * generation G, N attempts and is {@code retrying} (the follow-up is attempt N+1 at {@code
   * next_attempt_at}) or {@code failed} (the follow-up is its dead letter).
   *
   * @param attempts distinct attempts, possibly empty
   * @return {@link ClaimResult.Claimed} and {@link ClaimResult.FollowUpPending} results in no
   *     particular order; stale attempts are absent
   */
  List<ClaimResult> claim(List<AttemptRef> attempts);
}
