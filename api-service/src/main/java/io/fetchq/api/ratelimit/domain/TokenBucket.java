package io.fetchq.api.ratelimit.domain;

import io.fetchq.api.tenants.domain.RateLimit;

/**
 * The state of one token bucket, exactly as the Redis script keeps it: the tokens it held at {@code
 * updatedMicros} (microseconds on the clock of whoever keeps the bucket). The tokens at any later
 * instant follow from the limit: {@code perSecond} are added per second, up to {@code burst}. A
 * bucket nobody has touched is full, so a store may forget a bucket once it would be full again.
 *
 * @param tokens tokens held at {@code updatedMicros}; 0..burst, fractions allowed
 * @param updatedMicros when the bucket was last written
 */
public record TokenBucket(double tokens, long updatedMicros) {

  private static final double MICROS_PER_SECOND = 1_000_000d;

  public TokenBucket {
    if (!(tokens >= 0)) {
      throw new IllegalArgumentException("tokens must not be negative");
    }
  }

  /** A bucket holding {@code limit.burst()} tokens at {@code nowMicros}. */
  public static TokenBucket full(RateLimit limit, long nowMicros) {
    return new TokenBucket(limit.burst(), nowMicros);
  }

  /**
   * The tokens at {@code nowMicros}: refilled since {@code updatedMicros}, capped at the burst. A
   * clock that went backwards (a failover to a Redis with a slower clock) refills nothing rather
   * than taking tokens away.
   */
  public double levelAt(RateLimit limit, long nowMicros) {
    double elapsed = Math.max(0L, nowMicros - updatedMicros);
    return Math.min(limit.burst(), tokens + elapsed * limit.perSecond() / MICROS_PER_SECOND);
  }

  /** Microseconds until a bucket at {@code level} holds {@code cost} tokens (0 if it does). */
  public static long microsUntil(RateLimit limit, double level, int cost) {
    if (level >= cost) {
      return 0;
    }
    return (long) Math.ceil((cost - level) * MICROS_PER_SECOND / limit.perSecond());
  }
}
