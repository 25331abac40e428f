package io.fetchq.api.ratelimit.domain;

import io.fetchq.api.tenants.domain.RateLimit;
import java.util.Objects;

/**
 * A tenant's bucket as its answers report it (the IETF RateLimit fields).
 *
 * @param policy the tenant's limit
 * @param remaining whole tokens available now (0..burst)
 * @param resetSeconds seconds until the bucket is full again, or, on a refusal, until the request
 *     could be granted (the {@code Retry-After})
 */
public record RateLimitStatus(RateLimit policy, long remaining, long resetSeconds) {

  public RateLimitStatus {
    Objects.requireNonNull(policy, "policy");
    if (remaining < 0 || remaining > policy.burst() || resetSeconds < 0) {
      throw new IllegalArgumentException("remaining must be 0..burst, reset not negative");
    }
  }

  /** The status of a bucket holding {@code tokens} tokens now. */
  public static RateLimitStatus of(RateLimit policy, double tokens) {
    double clamped = Math.max(0, Math.min(policy.burst(), tokens));
    long untilFull = (long) Math.ceil((policy.burst() - clamped) / policy.perSecond());
    return new RateLimitStatus(policy, (long) Math.floor(clamped), untilFull);
  }

  /** Seconds an empty bucket takes to fill: the window of the policy ({@code w}). */
  public long windowSeconds() {
    return Math.max(1, (policy.burst() + policy.perSecond() - 1) / policy.perSecond());
  }
}
