package io.fetchq.worker.fetch.messaging;

import io.fetchq.contracts.RetryTier;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a job message goes and when a retry tier releases it (the design is on {@link RetryTier}).
 * Pure: time is an argument.
 */
final class TierRelease {

  /** What to do with a record read from a retry tier. */
  sealed interface Decision {

    /**
     * Release it now.
     *
     * @param tier the tier to hand it to; empty = the jobs topic (it is due)
     */
    record Forward(Optional<RetryTier> tier) implements Decision {}

    /** Leave it (and everything behind it in its partition) until {@code until}. */
    record Wait(Instant until) implements Decision {}
  }

  private TierRelease() {}

  /**
   * The tier for a message due at {@code notBefore}, seen at {@code now}: empty (the jobs topic)
   * when it is due or has no due time, else the tier with the longest delay not exceeding the time
   * left.
   */
  static Optional<RetryTier> tierFor(Instant notBefore, Instant now) {
    if (notBefore == null || !notBefore.isAfter(now)) {
      return Optional.empty();
    }
    return Optional.of(RetryTier.forRemaining(Duration.between(now, notBefore)));
  }

  /**
   * When the record of {@code tier} written at {@code timestamp} for a message due at {@code
   * notBefore} is released: at {@code min(notBefore, timestamp + tier.delay)}.
   */
  static Instant releaseAt(RetryTier tier, Instant timestamp, Instant notBefore) {
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(timestamp, "timestamp");
    Instant held = timestamp.plus(tier.delay());
    return notBefore == null || notBefore.isAfter(held) ? held : notBefore;
  }

  /** What to do at {@code now} with a record of {@code tier} (see {@link #releaseAt}). */
  static Decision decide(RetryTier tier, Instant timestamp, Instant notBefore, Instant now) {
    Instant release = notBefore == null ? timestamp : releaseAt(tier, timestamp, notBefore);
    if (release.isAfter(now)) {
      return new Decision.Wait(release);
    }
    return new Decision.Forward(tierFor(notBefore, now));
  }
}
