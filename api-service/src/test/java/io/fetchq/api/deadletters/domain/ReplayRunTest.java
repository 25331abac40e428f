package io.fetchq.api.deadletters.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.tenants.domain.TenantId;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReplayRunTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final TenantId ACME = new TenantId(UUID.randomUUID());

  private static ReplayRun run(int canary, int matched) {
    return ReplayRun.requested(
        new ReplayRunId(UUID.randomUUID()),
        NOW,
        new AdminActor(TenantId.SYSTEM, null),
        DeadLetterFilter.all(),
        100,
        canary,
        matched);
  }

  @Test
  void aSystemAdministratorsRunCoversEveryTenantAnotherTenantsOnlyItsOwn() {
    assertThat(run(0, 1).scope()).isNull();
    ReplayRun scoped =
        ReplayRun.requested(
            new ReplayRunId(UUID.randomUUID()),
            NOW,
            new AdminActor(ACME, UUID.randomUUID()),
            DeadLetterFilter.all(),
            1,
            0,
            0);
    assertThat(scoped.scope()).isEqualTo(ACME);
  }

  @Test
  void countsProgressUntilNothingIsPending() {
    ReplayRun run = run(0, 3).processed(2, 0);
    assertThat(run.hasPendingItems()).isTrue();
    run = run.processed(0, 1);
    assertThat(run.hasPendingItems()).isFalse();
    assertThatThrownBy(() -> run(0, 1).processed(2, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCanaryNeedsItsEntriesReplayedThenPassing() {
    ReplayRun run = run(2, 5);
    assertThat(run.inCanary()).isTrue();
    assertThat(run.canaryShortfall()).isEqualTo(2);
    run = run.processed(1, 1);
    assertThat(run.canaryShortfall()).isEqualTo(1);
    run = run.processed(1, 0).canaryReplayed(NOW);
    assertThat(run.canaryShortfall()).isZero();
    assertThat(run.canaryReplayedAt()).isEqualTo(NOW);
    run = run.passCanary();
    assertThat(run.inCanary()).isFalse();
    assertThat(run(0, 1).inCanary()).isFalse();
  }

  @Test
  void aFinishedRunNeverChangesAgain() {
    ReplayRun aborted = run(1, 2).aborted("canary failed", NOW);
    assertThat(aborted.state()).isEqualTo(ReplayRunState.ABORTED);
    assertThat(aborted.reason()).isEqualTo("canary failed");
    assertThat(aborted.finishedAt()).isEqualTo(NOW);
    assertThatThrownBy(() -> aborted.processed(1, 0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> aborted.completed(NOW)).isInstanceOf(IllegalStateException.class);
    ReplayRun completed = run(0, 0).completed(NOW);
    assertThatThrownBy(completed::passCanary).isInstanceOf(IllegalStateException.class);
    assertThat(ReplayRunState.fromWire("completed")).isEqualTo(ReplayRunState.COMPLETED);
    assertThatThrownBy(() -> ReplayRunState.fromWire("paused"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
