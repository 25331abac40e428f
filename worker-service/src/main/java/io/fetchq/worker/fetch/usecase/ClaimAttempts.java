package io.fetchq.worker.fetch.usecase;

import io.fetchq.worker.fetch.domain.AttemptRef;
import io.fetchq.worker.fetch.domain.ClaimResult;
import io.fetchq.worker.fetch.domain.JobId;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Claims the attempts asked for by one batch of job messages, in one round trip. */
public final class ClaimAttempts {

  private final AttemptClaimer claimer;

  public ClaimAttempts(AttemptClaimer claimer) {
    this.claimer = Objects.requireNonNull(claimer, "claimer");
  }

  /**
   * Claims {@code attempts} (duplicates allowed, claimed once).
   *
   * @return one result per distinct attempt, in the order first asked for: {@link
   *     ClaimResult.Claimed} (fetch it), {@link ClaimResult.FollowUpPending} (publish its follow-up
   *     again) or {@link ClaimResult.Stale}. A pending follow-up is reported stale when the same
   *     batch claimed a later attempt of that job: the follow-up is already there.
   */
  public Map<AttemptRef, ClaimResult> claim(Collection<AttemptRef> attempts) {
    List<AttemptRef> distinct = List.copyOf(new LinkedHashSet<>(attempts));
    Map<AttemptRef, ClaimResult> out = new LinkedHashMap<>();
    if (distinct.isEmpty()) {
      return out;
    }
    Map<AttemptRef, ClaimResult> found = new HashMap<>();
    Map<JobId, Integer> claimedAttempt = new HashMap<>();
    for (ClaimResult result : claimer.claim(distinct)) {
      found.put(result.ref(), result);
      if (result instanceof ClaimResult.Claimed claimed) {
        claimedAttempt.merge(claimed.ref().jobId(), claimed.ref().attempt(), Math::max);
      }
    }
    for (AttemptRef ref : distinct) {
      ClaimResult result = found.get(ref);
      if (result == null || superseded(result, claimedAttempt)) {
        result = new ClaimResult.Stale(ref);
      }
      out.put(ref, result);
    }
    return out;
  }

  private static boolean superseded(ClaimResult result, Map<JobId, Integer> claimedAttempt) {
    if (!(result instanceof ClaimResult.FollowUpPending pending)) {
      return false;
    }
    Integer claimed = claimedAttempt.get(pending.ref().jobId());
    return claimed != null && claimed > pending.ref().attempt();
  }
}
