package io.fetchq.api.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.deadletters.domain.AdminActor;
import io.fetchq.api.deadletters.domain.DeadLetterFilter;
import io.fetchq.api.deadletters.domain.ReplayRun;
import io.fetchq.api.deadletters.domain.ReplayRunId;
import io.fetchq.api.deadletters.domain.ReplayRunState;
import io.fetchq.api.deadletters.usecase.ReplayRunRepository;
import io.fetchq.api.jobs.usecase.Transactions;
import io.fetchq.api.tenants.domain.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The leases of bulk replay runs in PostgreSQL: one owner at a time, taken over once expired. The
 * run is created already leased (in one transaction) so this instance's own driver never takes it,
 * and it is finished at the end so it never holds up other runs.
 */
class ReplayRunRepositoryIT extends ApiIntegrationTest {

  @Autowired private ReplayRunRepository runs;
  @Autowired private Transactions transactions;

  @Test
  void oneOwnerHoldsARunUntilItsLeaseExpires() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    ReplayRun run =
        ReplayRun.requested(
            new ReplayRunId(UUID.randomUUID()),
            now,
            new AdminActor(TenantId.SYSTEM, UUID.randomUUID()),
            new DeadLetterFilter(null, "lease.example", null, null, null, null),
            10,
            3,
            0);
    Instant leaseA = now.plus(Duration.ofHours(1));
    try {
      Optional<ReplayRun> claimedByA =
          transactions.inTransaction(
              () -> {
                runs.add(run);
                return runs.claim(run.id(), "a", now, leaseA);
              });
      assertThat(claimedByA).contains(run);

      assertThat(transactions.inTransaction(() -> runs.claim(run.id(), "b", now, leaseA)))
          .isEmpty();
      assertThat(transactions.inTransaction(() -> runs.lockOwned(run.id(), "b", now))).isEmpty();
      assertThat(transactions.inTransaction(() -> runs.lockOwned(run.id(), "a", now)))
          .contains(run);
      assertThat(transactions.inTransaction(() -> runs.claim(run.id(), "a", now, leaseA)))
          .as("the owner renews")
          .isPresent();

      Instant later = leaseA.plusSeconds(1);
      assertThat(
              transactions.inTransaction(
                  () -> runs.claim(run.id(), "b", later, later.plus(Duration.ofHours(1)))))
          .as("an expired lease is taken over")
          .isPresent();
      assertThat(transactions.inTransaction(() -> runs.lockOwned(run.id(), "a", later))).isEmpty();
      assertThat(runs.find(run.id(), null).orElseThrow().run().filter().host())
          .isEqualTo("lease.example");
      assertThat(runs.find(run.id(), new TenantId(UUID.randomUUID()))).isEmpty();
    } finally {
      transactions.inTransaction(
          () -> {
            runs.save(run.completed(now));
            return null;
          });
    }
    ReplayRun finished = runs.find(run.id(), null).orElseThrow().run();
    assertThat(finished.state()).isEqualTo(ReplayRunState.COMPLETED);
    assertThat(finished.canary()).isEqualTo(3);
    assertThat(
            jdbc()
                .sql("SELECT locked_by FROM dead_letter_replay_runs WHERE id = ?")
                .param(run.id().value())
                .query(String.class)
                .optional())
        .isEmpty();
  }
}
