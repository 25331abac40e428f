package io.fetchq.api.deadletters.domain;

import io.fetchq.kernel.jobs.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;

/** Whether a bulk replay may go on past its canary. */
public sealed interface CanaryVerdict {

  /** Every canary job completed: replay the rest. */
  record Pass() implements CanaryVerdict {}

  /** Some canary job is not terminal yet, and the wait has not timed out. */
  record Wait() implements CanaryVerdict {}

  /**
   * Stop the run.
   *
   * @param reason a client-facing explanation
   */
  record Abort(String reason) implements CanaryVerdict {
    public Abort {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Decides from the current statuses of the canary's jobs (their replayed generation): any job
   * that ended other than {@code completed} aborts at once; all completed passes; otherwise wait,
   * unless the wait that started at {@code waitingSince} exceeded {@code timeout}.
   */
  static CanaryVerdict decide(
      Collection<JobStatus> statuses, Instant waitingSince, Instant now, Duration timeout) {
    long failed = statuses.stream().filter(s -> s.isTerminal() && s != JobStatus.COMPLETED).count();
    if (failed > 0) {
      return new Abort(
          "canary failed: "
              + failed
              + " of "
              + statuses.size()
              + " canary jobs did not complete (failed or cancelled)");
    }
    if (statuses.stream().allMatch(s -> s == JobStatus.COMPLETED)) {
      return new Pass();
    }
    if (!now.isBefore(waitingSince.plus(timeout))) {
      long pending = statuses.stream().filter(s -> !s.isTerminal()).count();
      return new Abort(
          "canary timed out: "
              + pending
              + " of "
              + statuses.size()
              + " canary jobs were not finished after "
              + timeout.toSeconds()
              + " s");
    }
    return new Wait();
  }
}
