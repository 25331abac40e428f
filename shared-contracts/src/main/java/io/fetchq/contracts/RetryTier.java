package io.fetchq.contracts;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The delay tiers of the retry topics. A job message due at time D is published to the tier with
 * the longest delay not exceeding {@code D - now} (the shortest tier when D is closer than that).
 * The tier holds each record until {@code min(D, recordTimestamp + delay)}; since every record of a
 * tier (other than the shortest) waits exactly {@code delay}, records leave a tier partition in the
 * order they entered it and waiting for the head record never delays the next one. On release a
 * record goes to the jobs topic when due, otherwise to the tier that fits what is left.
 */
public enum RetryTier {
  T250MS("retry-250ms.v1", Duration.ofMillis(250)),
  T1S("retry-1s.v1", Duration.ofSeconds(1)),
  T10S("retry-10s.v1", Duration.ofSeconds(10)),
  T1M("retry-1m.v1", Duration.ofMinutes(1)),
  T10M("retry-10m.v1", Duration.ofMinutes(10)),
  T1H("retry-1h.v1", Duration.ofHours(1));

  private static final List<RetryTier> LONGEST_FIRST =
      Arrays.stream(values()).sorted(Comparator.comparing(RetryTier::delay).reversed()).toList();

  private final String topic;
  private final Duration delay;

  RetryTier(String topic, Duration delay) {
    this.topic = topic;
    this.delay = delay;
  }

  /** The topic name relative to the deployment's prefix ({@link Topics#name}). */
  public String topic() {
    return topic;
  }

  /** How long the tier holds a record at most. */
  public Duration delay() {
    return delay;
  }

  /** The tier for a record that is due in {@code remaining} (must be positive). */
  public static RetryTier forRemaining(Duration remaining) {
    Objects.requireNonNull(remaining, "remaining");
    for (RetryTier tier : LONGEST_FIRST) {
      if (tier.delay.compareTo(remaining) <= 0) {
        return tier;
      }
    }
    return T250MS;
  }
}
