package io.fetchq.api.deadletters.usecase;

import io.fetchq.api.deadletters.domain.AdminActor;
import io.fetchq.api.deadletters.domain.AuditAction;
import io.fetchq.api.deadletters.domain.AuditEntry;
import io.fetchq.api.deadletters.domain.DeadLetter;
import io.fetchq.api.deadletters.domain.DeadLetterId;
import io.fetchq.api.jobs.usecase.Transactions;
import io.fetchq.kernel.ids.UuidV7;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * An operator discards an entry: it leaves the dead-letter queue (and can no longer be replayed),
 * and the discard is audited in the same transaction. The job is not changed: a failed job stays
 * {@code failed} with its result and attempts. An entry in state {@code replayed} may be discarded
 * too; if its job fails again, the worker records a new entry for it.
 */
public final class DiscardDeadLetter {

  private final DeadLetterRepository deadLetters;
  private final DeadLetterAuditLog audit;
  private final Transactions transactions;
  private final Clock clock;
  private final RandomGenerator random;

  public DiscardDeadLetter(
      DeadLetterRepository deadLetters,
      DeadLetterAuditLog audit,
      Transactions transactions,
      Clock clock,
      RandomGenerator random) {
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * @return whether the entry existed (for the actor's scope) and was discarded
   */
  public boolean discard(AdminActor actor, DeadLetterId id) {
    return transactions.inTransaction(
        () -> {
          Optional<DeadLetter> entry =
              deadLetters
                  .lock(id)
                  .filter(e -> actor.scope() == null || actor.scope().equals(e.tenantId()));
          if (entry.isEmpty() || !deadLetters.delete(id)) {
            return false;
          }
          Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
          audit.record(
              new AuditEntry(
                  UuidV7.generate(now, random),
                  now,
                  AuditAction.DISCARD,
                  actor,
                  entry.get().tenantId(),
                  id,
                  entry.get().jobId(),
                  null,
                  null,
                  false,
                  1,
                  0));
          return true;
        });
  }
}
