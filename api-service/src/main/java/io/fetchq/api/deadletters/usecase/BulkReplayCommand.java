package io.fetchq.api.deadletters.usecase;

import io.fetchq.api.deadletters.domain.AdminActor;
import io.fetchq.api.deadletters.domain.DeadLetterFilter;
import java.util.Objects;

/**
 * Asks to replay every {@code dead} entry matching a filter.
 *
 * @param actor who asks (its scope limits the entries)
 * @param filter which entries; its state is ignored (only {@code dead} entries are replayed)
 * @param limit at most this many entries, newest failures first
 * @param dryRun only count, change nothing
 * @param canary replay this many first and go on only if all complete (0: no canary)
 */
public record BulkReplayCommand(
    AdminActor actor, DeadLetterFilter filter, int limit, boolean dryRun, int canary) {

  public BulkReplayCommand {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(filter, "filter");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1");
    }
    if (canary < 0) {
      throw new IllegalArgumentException("canary must be >= 0");
    }
  }
}
