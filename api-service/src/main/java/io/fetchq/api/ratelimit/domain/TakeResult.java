package io.fetchq.api.ratelimit.domain;

import java.util.Objects;

/**
 * What a bucket store answered for one request: both buckets were checked at once and tokens were
 * taken from both, or from neither.
 *
 * @param verdict whether the tokens were taken
 * @param limitedBy the bucket that refused; null when granted
 * @param tenantTokens the tenant's tokens after the request (after taking them when granted)
 * @param waitMicros when refused: how long until both buckets hold enough; 0 otherwise
 */
public record TakeResult(
    Verdict verdict, LimitScope limitedBy, double tenantTokens, long waitMicros) {

  /** The outcome for the request. */
  public enum Verdict {
    /** Taken from both buckets (or nothing asked: a peek). */
    GRANTED,
    /** One bucket lacks tokens now; nothing was taken. */
    REFUSED,
    /** The cost exceeds a bucket's size: never possible; nothing was taken. */
    EXCEEDS_CAPACITY
  }

  public TakeResult {
    Objects.requireNonNull(verdict, "verdict");
    if ((verdict == Verdict.GRANTED) != (limitedBy == null)) {
      throw new IllegalArgumentException("a refusal names its bucket, a grant none");
    }
    if (tenantTokens < 0 || waitMicros < 0) {
      throw new IllegalArgumentException("tokens and wait must not be negative");
    }
  }
}
