package io.fetchq.api.jobs.usecase;

import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.tenants.domain.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Cancels a {@code queued} or {@code retrying} job. The job row is locked for the transaction, so
 * cancel and a worker's claim (which takes only {@code queued}/{@code retrying} rows) serialise:
 * either the claim wins and the job is {@code running} (not cancellable), or the cancel wins and
 * the claim finds nothing to take, so a cancelled job is never fetched.
 */
public final class CancelJob {

  private final JobRepository jobs;
  private final Transactions transactions;
  private final Clock clock;
  private final JobMetrics metrics;

  public CancelJob(JobRepository jobs, Transactions transactions, Clock clock) {
    this(jobs, transactions, clock, JobMetrics.NONE);
  }

  public CancelJob(JobRepository jobs, Transactions transactions, Clock clock, JobMetrics metrics) {
    this.jobs = Objects.requireNonNull(jobs, "jobs");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** Cancels job {@code id} of {@code tenant} if its state allows it. */
  public CancelOutcome cancel(TenantId tenant, JobId id) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(id, "id");
    CancelOutcome outcome =
        transactions.inTransaction(
            () -> {
              Optional<Job> locked = jobs.lock(tenant, id);
              if (locked.isEmpty()) {
                return new CancelOutcome.NotFound(id);
              }
              Job job = locked.get();
              if (!job.status().isCancellable()) {
                return new CancelOutcome.NotCancellable(id, job.status());
              }
              // Milliseconds are what the API shows; keep stored and shown equal.
              Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
              Job cancelled = job.cancel(now);
              jobs.update(cancelled);
              return new CancelOutcome.Cancelled(cancelled);
            });
    if (outcome instanceof CancelOutcome.Cancelled) {
      metrics.cancelled();
    }
    return outcome;
  }
}
