package io.fetchq.worker.metrics;

import io.fetchq.kernel.jobs.JobStatus;
import io.fetchq.worker.fetch.domain.FetchOutcome;
import io.fetchq.worker.fetch.usecase.AttemptObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The worker's job metrics, fed once per durable outcome that moved its job row (so a redelivered
 * attempt is never counted twice):
 *
 * <ul>
 *   <li>{@code fetchq.jobs.terminal{status}}: jobs reaching {@code completed} or {@code failed} (a
 *       failed job is dead-lettered); the API counts {@code cancelled} under the same name.
 *   <li>{@code fetchq.jobs.queue.wait}: acceptance ({@code created_at}) to the start of the first
 *       attempt.
 *   <li>{@code fetchq.jobs.end.to.end{status, retried}}: acceptance to the terminal outcome; {@code
 *       retried} is {@code false} for a job finished by its first attempt.
 * </ul>
 *
 * Both timers count only a job's first run (generation 0): after a dead-letter replay the time
 * since acceptance includes the time the job sat in the dead-letter queue. Their buckets are {@link
 * SloBuckets}; no tag ever holds a job, tenant or host.
 */
public final class MicrometerAttemptObserver implements AttemptObserver {

  private final Map<JobStatus, Counter> terminal = new EnumMap<>(JobStatus.class);
  private final Timer queueWait;
  private final Map<JobStatus, Timer> endToEndFirstAttempt = new EnumMap<>(JobStatus.class);
  private final Map<JobStatus, Timer> endToEndRetried = new EnumMap<>(JobStatus.class);

  public MicrometerAttemptObserver(MeterRegistry meters) {
    for (JobStatus status : new JobStatus[] {JobStatus.COMPLETED, JobStatus.FAILED}) {
      terminal.put(status, terminalCounter(meters, status));
      endToEndFirstAttempt.put(status, endToEnd(meters, status, false));
      endToEndRetried.put(status, endToEnd(meters, status, true));
    }
    this.queueWait =
        Timer.builder("fetchq.jobs.queue.wait")
            .description("From the job's acceptance to the start of its first attempt")
            .serviceLevelObjectives(SloBuckets.QUEUE_WAIT)
            .publishPercentileHistogram(false)
            .register(meters);
  }

  private static Counter terminalCounter(MeterRegistry meters, JobStatus status) {
    return Counter.builder("fetchq.jobs.terminal")
        .description(
            "Jobs reaching a terminal status (completed, failed = dead-lettered, cancelled)")
        .tag("status", status.wireName())
        .register(meters);
  }

  private static Timer endToEnd(MeterRegistry meters, JobStatus status, boolean retried) {
    return Timer.builder("fetchq.jobs.end.to.end")
        .description("From the job's acceptance to its terminal status (first run only)")
        .tag("status", status.wireName())
        .tag("retried", Boolean.toString(retried))
        .serviceLevelObjectives(SloBuckets.END_TO_END)
        .publishPercentileHistogram(false)
        .register(meters);
  }

  @Override
  public void recorded(FetchOutcome outcome) {
    boolean firstRun = outcome.job().generation() == 0;
    int attempt = outcome.job().attempt();
    if (firstRun && attempt == 1) {
      queueWait.record(since(outcome, outcome.timing().startedAt()));
    }
    Counter counter = terminal.get(outcome.status());
    if (counter == null) {
      return;
    }
    counter.increment();
    if (firstRun) {
      Map<JobStatus, Timer> timers = attempt == 1 ? endToEndFirstAttempt : endToEndRetried;
      timers.get(outcome.status()).record(since(outcome, outcome.finishedAt()));
    }
  }

  private static Duration since(FetchOutcome outcome, Instant at) {
    Duration took = Duration.between(outcome.job().acceptedAt(), at);
    return took.isNegative() ? Duration.ZERO : took;
  }
}
