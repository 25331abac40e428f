package io.fetchq.api.deadletters.usecase;

import io.fetchq.api.deadletters.domain.AdminActor;
import io.fetchq.api.deadletters.domain.AuditAction;
import io.fetchq.api.deadletters.domain.AuditEntry;
import io.fetchq.api.deadletters.domain.DeadLetterId;
import io.fetchq.api.jobs.usecase.Transactions;
import io.fetchq.kernel.ids.UuidV7;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * An operator replays one entry ({@link ReplayDeadLetter}), limited to the operator's tenant scope;
 * a replay that happened is audited in the same transaction. Refusals change nothing and are not
 * audited.
 */
public final class OperatorReplay {

  private final ReplayDeadLetter replay;
  private final DeadLetterAuditLog audit;
  private final Transactions transactions;
  private final Clock clock;
  private final RandomGenerator random;
  private final ReplayMetrics metrics;

  public OperatorReplay(
      ReplayDeadLetter replay,
      DeadLetterAuditLog audit,
      Transactions transactions,
      Clock clock,
      RandomGenerator random) {
    this(replay, audit, transactions, clock, random, ReplayMetrics.NONE);
  }

  public OperatorReplay(
      ReplayDeadLetter replay,
      DeadLetterAuditLog audit,
      Transactions transactions,
      Clock clock,
      RandomGenerator random,
      ReplayMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.replay = Objects.requireNonNull(replay, "replay");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  public ReplayOutcome replay(AdminActor actor, DeadLetterId id) {
    ReplayDeadLetterCommand command =
        actor.scope() == null
            ? ReplayDeadLetterCommand.anyTenant(id)
            : ReplayDeadLetterCommand.ofTenant(actor.scope(), id);
    ReplayOutcome result =
        transactions.inTransaction(
            () -> {
              ReplayOutcome outcome = replay.replayInTransaction(command);
              if (outcome instanceof ReplayOutcome.Replayed replayed) {
                Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                audit.record(
                    new AuditEntry(
                        UuidV7.generate(now, random),
                        now,
                        AuditAction.REPLAY,
                        actor,
                        replayed.entry().tenantId(),
                        id,
                        replayed.entry().jobId(),
                        null,
                        null,
                        false,
                        1,
                        1));
              }
              return outcome;
            });
    if (result instanceof ReplayOutcome.Replayed) {
      metrics.replayed(ReplayMetrics.Queue.JOBS, ReplayMetrics.Mode.SINGLE, 1);
    }
    return result;
  }
}
