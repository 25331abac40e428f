package io.fetchq.api.deadletters.usecase;

import io.fetchq.api.deadletters.domain.ReplayRun;
import java.util.Objects;

/** What became of a {@link BulkReplayCommand}. */
public sealed interface BulkReplayOutcome {

  /** How many entries the request matched. */
  int matched();

  /** A dry run: {@code matched} entries would be replayed; nothing changed. */
  record DryRun(int matched) implements BulkReplayOutcome {}

  /** A run was created; its {@code matched} entries are scheduled for replay. */
  record Started(ReplayRun run) implements BulkReplayOutcome {
    public Started {
      Objects.requireNonNull(run, "run");
    }

    @Override
    public int matched() {
      return run.matched();
    }
  }
}
