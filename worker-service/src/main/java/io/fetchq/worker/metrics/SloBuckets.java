package io.fetchq.worker.metrics;

import java.time.Duration;

/**
 * The histogram buckets of the worker's latency timers (Prometheus {@code _bucket} series, no
 * client-side percentiles). Each set contains the thresholds of the alert rules in {@code
 * infra/prometheus/alerts.yml} exactly, so {@code histogram_quantile} is exact at a threshold, and
 * stays short (about a dozen buckets) so that a timer with a few bounded tags adds few series.
 */
public final class SloBuckets {

  private SloBuckets() {}

  /** Accepted to first attempt started (alert: p99 above 5 s). */
  public static final Duration[] QUEUE_WAIT =
      durations("50ms", "100ms", "250ms", "500ms", "1s", "2.5s", "5s", "10s", "30s", "60s", "5m");

  /**
   * Accepted to terminal status (alert: p99 of jobs finished by their first attempt above 30 s);
   * retried jobs wait for their backoff, hence the hours.
   */
  public static final Duration[] END_TO_END =
      durations(
          "100ms", "250ms", "500ms", "1s", "2.5s", "5s", "10s", "30s", "60s", "5m", "30m", "2h",
          "12h");

  /** One HTTP attempt (bounded by the job's timeout, at most minutes). */
  public static final Duration[] FETCH =
      durations("25ms", "50ms", "100ms", "250ms", "500ms", "1s", "2.5s", "5s", "10s", "30s", "60s");

  /** A webhook event's transition to the receiver's 2xx (retries take minutes to hours). */
  public static final Duration[] WEBHOOK_DELIVERY =
      durations(
          "50ms", "100ms", "250ms", "500ms", "1s", "2.5s", "5s", "10s", "30s", "60s", "5m", "1h");

  private static Duration[] durations(String... values) {
    Duration[] out = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = parse(values[i]);
    }
    return out;
  }

  static Duration parse(String value) {
    if (value.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
    }
    double amount = Double.parseDouble(value.substring(0, value.length() - 1));
    long unitMillis =
        switch (value.charAt(value.length() - 1)) {
          case 's' -> 1_000L;
          case 'm' -> 60_000L;
          case 'h' -> 3_600_000L;
          default -> throw new IllegalArgumentException("unknown unit in " + value);
        };
    return Duration.ofMillis(Math.round(amount * unitMillis));
  }
}
