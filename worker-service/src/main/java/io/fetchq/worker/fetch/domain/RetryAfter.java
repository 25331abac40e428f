package io.fetchq.worker.fetch.domain;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a {@code Retry-After} header value (RFC 9110 §10.2.3): either delay-seconds or an
 * HTTP-date in any of the three forms recipients must accept (IMF-fixdate, the obsolete RFC 850
 * form with a two-digit year, and asctime). A date in the past or a negative number means "now".
 * Anything else is ignored.
 */
public final class RetryAfter {

  /** Longer delays are clamped here; the retry policy caps them much lower anyway. */
  static final Duration LONGEST = Duration.ofDays(365);

  private static final Pattern SECONDS = Pattern.compile("-?\\d{1,30}");
  private static final Pattern RFC_850 =
      Pattern.compile(
          "[A-Za-z]{6,9}, (\\d{2})-([A-Za-z]{3})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}) GMT");
  private static final Pattern ASCTIME =
      Pattern.compile("[A-Za-z]{3} ([A-Za-z]{3}) ([ \\d]\\d) (\\d{2}):(\\d{2}):(\\d{2}) (\\d{4})");

  private RetryAfter() {}

  /**
   * The delay {@code value} asks for, seen at {@code now}.
   *
   * @param value the header value, or null
   * @return the delay (zero for a past date or a negative number); empty when {@code value} is
   *     absent or malformed
   */
  public static Optional<Duration> parse(String value, Instant now) {
    if (value == null) {
      return Optional.empty();
    }
    String text = value.strip();
    if (SECONDS.matcher(text).matches()) {
      return Optional.of(seconds(text));
    }
    return date(text, now).map(at -> clamp(Duration.between(now, at)));
  }

  private static Duration seconds(String digits) {
    if (digits.startsWith("-")) {
      return Duration.ZERO;
    }
    String significant = digits.replaceFirst("^0+(?=\\d)", "");
    if (significant.length() > 12) {
      return LONGEST;
    }
    return clamp(Duration.ofSeconds(Long.parseLong(significant)));
  }

  private static Duration clamp(Duration delay) {
    if (delay.isNegative()) {
      return Duration.ZERO;
    }
    return delay.compareTo(LONGEST) > 0 ? LONGEST : delay;
  }

  private static Optional<Instant> date(String text, Instant now) {
    try {
      if (text.endsWith(" GMT") && text.length() == 29 && text.charAt(3) == ',') {
        return Optional.of(
            ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      }
      Matcher rfc850 = RFC_850.matcher(text);
      if (rfc850.matches()) {
        int year = twoDigitYear(Integer.parseInt(rfc850.group(3)), now);
        return Optional.of(
            at(
                year,
                rfc850.group(2),
                rfc850.group(1),
                rfc850.group(4),
                rfc850.group(5),
                rfc850.group(6)));
      }
      Matcher asctime = ASCTIME.matcher(text);
      if (asctime.matches()) {
        return Optional.of(
            at(
                Integer.parseInt(asctime.group(6)),
                asctime.group(1),
                asctime.group(2).strip(),
                asctime.group(3),
                asctime.group(4),
                asctime.group(5)));
      }
    } catch (DateTimeException | IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /**
   * RFC 9110: a two-digit year that appears more than 50 years in the future is the most recent
   * past year with those digits, seen from {@code now}.
   */
  private static int twoDigitYear(int yy, Instant now) {
    int current = now.atOffset(ZoneOffset.UTC).getYear();
    int year = current - current % 100 + yy;
    return year > current + 50 ? year - 100 : year;
  }

  private static Instant at(
      int year, String month, String day, String hour, String minute, String second) {
    Month m = month(month);
    return LocalDateTime.of(
            year,
            m,
            Integer.parseInt(day),
            Integer.parseInt(hour),
            Integer.parseInt(minute),
            Integer.parseInt(second))
        .toInstant(ZoneOffset.UTC);
  }

  private static Month month(String abbreviation) {
    for (Month m : Month.values()) {
      String name = m.name().substring(0, 3);
      if (name.equalsIgnoreCase(abbreviation)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown month");
  }
}
