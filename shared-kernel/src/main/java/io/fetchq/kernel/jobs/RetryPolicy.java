package io.fetchq.kernel.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently a job is retried. {@code maxAttempts} counts every attempt including
 * the first, so {@code maxAttempts = 3} means exactly three requests reach the target.
 */
public record RetryPolicy(
    int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay) {

  public static final int MAX_ATTEMPTS_LIMIT = 20;
  public static final Duration MIN_DELAY = Duration.ofMillis(100);
  public static final Duration MAX_DELAY_LIMIT = Duration.ofHours(24);
  public static final double MAX_MULTIPLIER = 10.0;

  /** The policy of a job that does not say otherwise. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(5));

  public RetryPolicy {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
      throw new IllegalArgumentException("maxAttempts must be 1.." + MAX_ATTEMPTS_LIMIT);
    }
    if (initialDelay.compareTo(MIN_DELAY) < 0 || initialDelay.compareTo(MAX_DELAY_LIMIT) > 0) {
      throw new IllegalArgumentException("initialDelay must be 100 ms..24 h");
    }
    if (!(multiplier >= 1.0 && multiplier <= MAX_MULTIPLIER)) {
      throw new IllegalArgumentException("multiplier must be 1.0..10.0");
    }
    if (maxDelay.compareTo(initialDelay) < 0 || maxDelay.compareTo(MAX_DELAY_LIMIT) > 0) {
      throw new IllegalArgumentException("maxDelay must be initialDelay..24 h");
    }
  }

  /**
   * The delay before attempt {@code attempt} (2 for the first retry), without jitter: {@code
   * initialDelay * multiplier^(attempt-2)}, capped at {@code maxDelay}.
   */
  public Duration baseDelayBefore(int attempt) {
    if (attempt < 2) {
      throw new IllegalArgumentException("the first attempt has no delay");
    }
    double millis = initialDelay.toMillis() * Math.pow(multiplier, attempt - 2.0);
    long capped = (long) Math.min(millis, (double) maxDelay.toMillis());
    return Duration.ofMillis(capped);
  }

  /**
   * The delay before attempt {@code attempt} with jitter: the base delay scaled by a factor
   * uniformly drawn from [0.8, 1.2) ({@code unit} is a uniform draw from [0, 1)), then raised to
   * the target's {@code Retry-After} when that is longer, and capped at {@code maxDelay} in both
   * cases (a target cannot hold a job longer than its policy allows).
   *
   * @param retryAfter the delay the target asked for, or null
   */
  public Duration delayBefore(int attempt, double unit, Duration retryAfter) {
    if (!(unit >= 0.0 && unit < 1.0)) {
      throw new IllegalArgumentException("unit must be in [0, 1)");
    }
    long base = baseDelayBefore(attempt).toMillis();
    long jittered = (long) (base * (0.8 + 0.4 * unit));
    long wanted = retryAfter == null ? jittered : Math.max(jittered, retryAfter.toMillis());
    return Duration.ofMillis(Math.min(Math.max(wanted, 0), maxDelay.toMillis()));
  }

  /** Whether another attempt may follow attempt number {@code attemptsMade}. */
  public boolean allowsAnotherAfter(int attemptsMade) {
    return attemptsMade < maxAttempts;
  }
}
