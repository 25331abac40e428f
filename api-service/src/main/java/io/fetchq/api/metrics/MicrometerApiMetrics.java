package io.fetchq.api.metrics;

import io.fetchq.api.deadletters.usecase.ReplayMetrics;
import io.fetchq.api.jobs.usecase.JobMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The API's job and replay counters, all registered up front (so rates are defined from the first
 * scrape) and tagged from fixed sets only:
 *
 * <ul>
 *   <li>{@code fetchq.api.submitted.jobs{kind=job|batch, outcome=accepted|replayed}}: jobs inside
 *       accepted or idempotently replayed submissions (a batch counts its jobs; the requests
 *       themselves are {@code fetchq.api.submissions}).
 *   <li>{@code fetchq.jobs.terminal{status=cancelled}}: cancellations; the workers count {@code
 *       completed} and {@code failed} under the same name.
 *   <li>{@code fetchq.deadletters.replayed{queue=jobs|callbacks, mode=single|bulk}}: dead-letter
 *       entries replayed.
 * </ul>
 */
public final class MicrometerApiMetrics implements JobMetrics, ReplayMetrics {

  private final Map<Source, Counter> accepted = new EnumMap<>(Source.class);
  private final Map<Source, Counter> replayed = new EnumMap<>(Source.class);
  private final Counter cancelled;
  private final Map<Queue, Map<Mode, Counter>> replays = new EnumMap<>(Queue.class);

  public MicrometerApiMetrics(MeterRegistry meters) {
    for (Source source : Source.values()) {
      accepted.put(source, submitted(meters, source, "accepted"));
      replayed.put(source, submitted(meters, source, "replayed"));
    }
    this.cancelled =
        Counter.builder("fetchq.jobs.terminal")
            .description(
                "Jobs reaching a terminal status (completed, failed = dead-lettered, cancelled)")
            .tag("status", "cancelled")
            .register(meters);
    for (Queue queue : Queue.values()) {
      Map<Mode, Counter> byMode = new EnumMap<>(Mode.class);
      for (Mode mode : Mode.values()) {
        byMode.put(
            mode,
            Counter.builder("fetchq.deadletters.replayed")
                .description("Dead-letter entries replayed, by queue (jobs, callbacks) and mode")
                .tag("queue", lower(queue))
                .tag("mode", lower(mode))
                .register(meters));
      }
      replays.put(queue, byMode);
    }
  }

  private static Counter submitted(MeterRegistry meters, Source source, String outcome) {
    return Counter.builder("fetchq.api.submitted.jobs")
        .description("Jobs in accepted or idempotently replayed submissions")
        .tag("kind", lower(source))
        .tag("outcome", outcome)
        .register(meters);
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public void accepted(Source source, int jobs) {
    accepted.get(source).increment(jobs);
  }

  @Override
  public void replayed(Source source, int jobs) {
    replayed.get(source).increment(jobs);
  }

  @Override
  public void cancelled() {
    cancelled.increment();
  }

  @Override
  public void replayed(Queue queue, Mode mode, int entries) {
    replays.get(queue).get(mode).increment(entries);
  }
}
