package io.fetchq.worker.callbacks.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The delays between webhook redeliveries ({@code FETCHQ_WEBHOOK_RETRY_SCHEDULE}): after failed
 * attempt {@code n} the next is due {@code delays[n-1]} later (±{@value #JITTER_PERCENT} %), and
 * attempt {@code size()+1} is the last.
 *
 * @param delays at least one positive delay
 */
public record RetrySchedule(List<Duration> delays) {

  /** The documented default: redeliveries over a little more than three days. */
  public static final String DEFAULT = "5s,5m,30m,2h,5h,10h,14h,20h,24h";

  /** Jitter applied to each delay, in percent either way. */
  public static final int JITTER_PERCENT = 10;

  /** The longest single delay accepted. */
  public static final Duration LONGEST = Duration.ofDays(30);

  private static final Pattern ENTRY = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  public RetrySchedule {
    delays = List.copyOf(delays);
    if (delays.isEmpty()) {
      throw new IllegalArgumentException("a retry schedule has at least one delay");
    }
    for (Duration delay : delays) {
      if (delay.isNegative() || delay.isZero() || delay.compareTo(LONGEST) > 0) {
        throw new IllegalArgumentException("retry delays are positive and at most 30 days");
      }
    }
  }

  /**
   * Parses {@code "5s,5m,30m"}: comma-separated delays, each a whole number with a unit {@code ms},
   * {@code s}, {@code m}, {@code h} or {@code d}; blanks around entries are ignored.
   *
   * @throws IllegalArgumentException naming the offending entry
   */
  public static RetrySchedule parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "webhook retry schedule is empty (expected e.g. \"" + DEFAULT + "\")");
    }
    List<Duration> delays = new ArrayList<>();
    for (String raw : text.split(",", -1)) {
      String entry = raw.strip().toLowerCase(Locale.ROOT);
      Matcher m = ENTRY.matcher(entry);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "webhook retry schedule entry \""
                + raw.strip()
                + "\" is not a delay like 500ms, 5s, 5m, 2h or 1d (schedule \""
                + text
                + "\")");
      }
      long amount = Long.parseLong(m.group(1));
      Duration delay =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          };
      if (delay.isZero() || delay.compareTo(LONGEST) > 0) {
        throw new IllegalArgumentException(
            "webhook retry schedule entry \""
                + raw.strip()
                + "\" must be positive and at most "
                + LONGEST.toDays()
                + " days");
      }
      delays.add(delay);
    }
    return new RetrySchedule(delays);
  }

  /** Redeliveries after the first attempt. */
  public int size() {
    return delays.size();
  }

  /** Whether another attempt follows failed attempt {@code attempt} (1-based). */
  public boolean hasNextAfter(int attempt) {
    return attempt >= 1 && attempt <= delays.size();
  }

  /**
   * The delay before the attempt after failed attempt {@code attempt}, with jitter.
   *
   * @param jitter uniform in [0, 1): 0 gives -10 %, 0.5 the nominal delay, towards 1 +10 %
   * @throws IllegalArgumentException when no attempt follows {@code attempt}
   */
  public Duration delayAfter(int attempt, double jitter) {
    if (!hasNextAfter(attempt)) {
      throw new IllegalArgumentException("no attempt follows attempt " + attempt);
    }
    if (jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException("jitter must be within [0, 1]");
    }
    double factor = 1 + (jitter * 2 - 1) * JITTER_PERCENT / 100.0;
    long nanos = delays.get(attempt - 1).toNanos();
    return Duration.ofNanos(Math.round(nanos * factor));
  }
}
