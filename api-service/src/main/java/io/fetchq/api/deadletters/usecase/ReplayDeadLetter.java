package io.fetchq.api.deadletters.usecase;

import io.fetchq.api.deadletters.domain.DeadLetter;
import io.fetchq.api.deadletters.domain.DeadLetterId;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.usecase.JobDispatches;
import io.fetchq.api.jobs.usecase.JobRepository;
import io.fetchq.api.jobs.usecase.Transactions;
import io.fetchq.contracts.jobs.v1.FetchJobMessage;
import io.fetchq.kernel.destinations.UrlHost;
import io.fetchq.kernel.ids.UuidV7;
import io.fetchq.kernel.jobs.JobStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Replays a dead-lettered job: in one transaction the job goes back to {@code queued} with a fresh
 * attempt budget in its next generation (attempts, errors, result and completion cleared), the
 * entry records the replay, and the first attempt of the new generation is enqueued through the
 * outbox. The new generation is the new messages' identity: the workers claim an attempt by job,
 * generation and attempt number, so nothing that deduplicated the job's earlier messages can
 * swallow the replay, and a stale message of the earlier generation can never claim it.
 *
 * <p>Locks are taken in the order the workers use (the job row, then its entry), so a replay never
 * deadlocks with a worker recording the job's failure.
 */
public final class ReplayDeadLetter {

  private final DeadLetterRepository deadLetters;
  private final JobRepository jobs;
  private final JobDispatches dispatches;
  private final Transactions transactions;
  private final Clock clock;
  private final RandomGenerator random;

  public ReplayDeadLetter(
      DeadLetterRepository deadLetters,
      JobRepository jobs,
      JobDispatches dispatches,
      Transactions transactions,
      Clock clock,
      RandomGenerator random) {
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.jobs = Objects.requireNonNull(jobs, "jobs");
    this.dispatches = Objects.requireNonNull(dispatches, "dispatches");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Replays the command's entry, or says why not (nothing changed then). */
  public ReplayOutcome replay(ReplayDeadLetterCommand command) {
    return transactions.inTransaction(() -> replayInTransaction(command));
  }

  /**
   * {@link #replay} inside the caller's transaction, so a caller can record more in the same
   * transaction (an audit entry, a bulk replay's progress) or replay several entries in one.
   */
  public ReplayOutcome replayInTransaction(ReplayDeadLetterCommand command) {
    DeadLetterId id = command.deadLetterId();
    Optional<DeadLetter> found =
        command.tenant() == null ? deadLetters.find(id) : deadLetters.find(command.tenant(), id);
    if (found.isEmpty()) {
      return new ReplayOutcome.NotFound(id);
    }
    Optional<Job> job = jobs.lock(found.get().tenantId(), found.get().jobId());
    Optional<DeadLetter> entry = deadLetters.lock(id);
    if (job.isEmpty() || entry.isEmpty()) {
      return new ReplayOutcome.NotFound(id);
    }
    return replay(entry.get(), job.get());
  }

  private ReplayOutcome replay(DeadLetter entry, Job job) {
    if (!entry.isReplayable()) {
      return new ReplayOutcome.NotReplayable(
          entry.id(),
          "The entry was already replayed and its job has not failed again"
              + " (replayed "
              + entry.replayCount()
              + " times).");
    }
    if (job.status() != JobStatus.FAILED) {
      return new ReplayOutcome.NotReplayable(
          entry.id(), "The entry's job is " + job.status().wireName() + ", not failed.");
    }
    // Milliseconds are what the API shows and what UUIDv7 encodes; keep stored and shown equal.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Job replayed = job.replay(now);
    DeadLetter recorded = entry.replayed(now);
    jobs.update(replayed);
    deadLetters.save(recorded);
    dispatches.enqueue(
        new FetchJobMessage(
            UuidV7.generate(now, random),
            replayed.id().value(),
            replayed.tenantId().value(),
            1,
            now,
            replayed.generation(),
            null,
            UrlHost.key(replayed.request().url())));
    return new ReplayOutcome.Replayed(replayed, recorded);
  }
}
