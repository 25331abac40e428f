package io.fetchq.api.deadletters.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A token bucket that paces a bulk replay: {@code ratePerSecond} entries per second on average,
 * never more than {@code burst} at once. It starts with one token, so a run's first entry goes at
 * once. Time is an argument; not thread-safe (one driver thread owns it).
 */
public final class ReplayPacer {

  private final double ratePerSecond;
  private final int burst;
  private double tokens = 1;
  private Instant refilledAt;

  public ReplayPacer(double ratePerSecond, int burst) {
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("ratePerSecond must be positive");
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be >= 1");
    }
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
  }

  /** Takes up to {@code wanted} tokens available at {@code now}; answers how many it took. */
  public int take(int wanted, Instant now) {
    refill(now);
    int taken = (int) Math.min(wanted, Math.floor(tokens));
    tokens -= taken;
    return Math.max(taken, 0);
  }

  /** How long from {@code now} until the next token is available (zero if one is). */
  public Duration untilNext(Instant now) {
    refill(now);
    if (tokens >= 1) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil((1 - tokens) / ratePerSecond * 1e9));
  }

  private void refill(Instant now) {
    Objects.requireNonNull(now, "now");
    if (refilledAt != null && now.isAfter(refilledAt)) {
      double seconds = Duration.between(refilledAt, now).toNanos() / 1e9;
      tokens = Math.min(burst, tokens + seconds * ratePerSecond);
    }
    if (refilledAt == null || now.isAfter(refilledAt)) {
      refilledAt = now;
    }
  }
}
