package io.fetchq.worker.fetch.usecase;

import io.fetchq.worker.fetch.domain.AttemptRef;
import io.fetchq.worker.fetch.domain.ClaimedJob;
import java.util.LinkedHashSet;
import java.util.List;
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
   * @return the attempts this worker now owns; the others are stale and must not be fetched
   */
  public List<ClaimedJob> claim(List<AttemptRef> attempts) {
    List<AttemptRef> distinct = List.copyOf(new LinkedHashSet<>(attempts));
    if (distinct.isEmpty()) {
      return List.of();
    }
    return claimer.claim(distinct);
  }
}
