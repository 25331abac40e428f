package io.fetchq.api.deadletters.usecase;

import io.fetchq.api.deadletters.domain.AdminActor;
import io.fetchq.api.deadletters.domain.ReplayRunId;
import java.util.Objects;
import java.util.Optional;

/** Reads a bulk replay run and its progress, if the operator's scope covers it. */
public final class GetReplayRun {

  private final ReplayRunRepository runs;

  public GetReplayRun(ReplayRunRepository runs) {
    this.runs = Objects.requireNonNull(runs, "runs");
  }

  public Optional<ReplayRunProgress> get(AdminActor actor, ReplayRunId id) {
    return runs.find(id, actor.scope());
  }
}
