package io.fetchq.api.deadletters.web;

import io.fetchq.api.deadletters.domain.ReplayRun;
import io.fetchq.api.deadletters.usecase.ReplayRunProgress;
import java.time.Instant;
import java.util.UUID;

/**
 * A bulk replay run and its progress ({@code GET /api/v1/admin/dead-letter-replays/{runId}}).
 *
 * @param state {@code running}, {@code completed} or {@code aborted}
 * @param reason why it was aborted, else null
 * @param matched entries in its snapshot
 * @param replayed entries replayed so far
 * @param skipped entries skipped because they were no longer replayable when their turn came
 * @param succeeded replayed jobs that completed since
 * @param failed replayed jobs that failed (back in the dead-letter queue) or were cancelled since
 * @param canary the canary size, or null
 * @param canaryPassed whether the canary completed and the rest is being replayed
 */
public record ReplayRunResponse(
    UUID id,
    String state,
    String reason,
    FilterBody filter,
    int limit,
    Integer canary,
    boolean canaryPassed,
    Instant requestedAt,
    ActorResponse requestedBy,
    int matched,
    int replayed,
    int skipped,
    int succeeded,
    int failed,
    Instant finishedAt) {

  static ReplayRunResponse of(ReplayRunProgress progress) {
    ReplayRun run = progress.run();
    return new ReplayRunResponse(
        run.id().value(),
        run.state().wireName(),
        run.reason(),
        FilterBody.of(run.filter()),
        run.maxEntries(),
        run.canary() == 0 ? null : run.canary(),
        run.canaryPassed(),
        run.requestedAt(),
        ActorResponse.of(run.actor()),
        run.matched(),
        run.replayed(),
        run.skipped(),
        progress.succeeded(),
        progress.failed(),
        run.finishedAt());
  }
}
