package io.fetchq.api.batches.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A batch with the states of its jobs, read together.
 *
 * @param batch the batch
 * @param counts its jobs per status
 * @param lastTerminalAt the latest time one of its jobs became terminal ({@code completed_at}), or
 *     null when none is
 */
public record BatchProgress(Batch batch, BatchCounts counts, Instant lastTerminalAt) {

  public BatchProgress {
    Objects.requireNonNull(batch, "batch");
    Objects.requireNonNull(counts, "counts");
  }

  /**
   * {@code completed} when every job of the batch is terminal (completed, failed or cancelled),
   * otherwise {@code running}. A failed job replayed from the dead-letter queue makes its batch
   * {@code running} again.
   */
  public BatchStatus status() {
    return counts.total() > 0 && counts.unfinished() == 0
        ? BatchStatus.COMPLETED
        : BatchStatus.RUNNING;
  }

  /** When the last job became terminal, once the batch is completed; null while it is running. */
  public Instant completedAt() {
    return status() == BatchStatus.COMPLETED ? lastTerminalAt : null;
  }
}
