package io.fetchq.api.deadletters.usecase;

import io.fetchq.api.deadletters.domain.ReplayRun;
import java.util.Objects;

/**
 * A bulk replay run and what became of the jobs it replayed so far.
 *
 * @param run the run
 * @param succeeded replayed jobs that completed since
 * @param failed replayed jobs that failed (or were cancelled) since; a failed one is back in the
 *     dead-letter queue
 */
public record ReplayRunProgress(ReplayRun run, int succeeded, int failed) {

  public ReplayRunProgress {
    Objects.requireNonNull(run, "run");
  }
}
