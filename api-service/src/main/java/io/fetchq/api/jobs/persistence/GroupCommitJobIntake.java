package io.fetchq.api.jobs.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.usecase.JobIntake;
import io.fetchq.api.jobs.usecase.Transactions;
import io.fetchq.api.outbox.persistence.OutboxJobDispatches;
import io.fetchq.api.tracing.Tracing;
import io.fetchq.contracts.jobs.v1.FetchJobMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;
import javax.sql.DataSource;

/**
 * {@link JobIntake} with group commit ({@link GroupCommitter}): the single jobs accepted while a
 * commit is in flight are stored together in the next transaction, their rows as one JDBC batch
 * each for {@code jobs} and {@code outbox}. Measured with bench/run (submit-64, drain-single): one
 * transaction per submission spent most of PostgreSQL's and much of the API's time per job on
 * beginning, committing and flushing the WAL, and woke the outbox relay once per job.
 *
 * <p>Every job keeps the trace context of the request that accepted it: it is taken on the
 * request's thread and written with the job's row and its outbox row, as for a job stored on its
 * own.
 */
public final class GroupCommitJobIntake implements JobIntake, AutoCloseable {

  private final GroupCommitter<Accepted> committer;
  private final Tracing tracing;

  /**
   * @param transactions the transactions one group is written in
   * @param committers how many groups may be committing at once
   * @param maxGroup the most jobs one transaction stores
   * @param groupSizes told the size of every committed group (a metric)
   */
  public GroupCommitJobIntake(
      DataSource dataSource,
      ObjectMapper json,
      OutboxJobDispatches dispatches,
      Transactions transactions,
      Tracing tracing,
      int committers,
      int maxGroup,
      IntConsumer groupSizes) {
    Objects.requireNonNull(dispatches, "dispatches");
    Objects.requireNonNull(transactions, "transactions");
    this.tracing = Objects.requireNonNull(tracing, "tracing");
    JobRows rows = new JobRows(dataSource, json);
    this.committer =
        new GroupCommitter<>(
            "fetchq-api-job-intake",
            committers,
            maxGroup,
            group ->
                transactions.inTransaction(
                    () -> {
                      List<Job> jobs = new ArrayList<>(group.size());
                      List<FetchJobMessage> messages = new ArrayList<>(group.size());
                      List<Map<String, String>> traces = new ArrayList<>(group.size());
                      for (Accepted accepted : group) {
                        jobs.add(accepted.job());
                        messages.add(accepted.firstAttempt());
                        traces.add(accepted.trace());
                      }
                      rows.insertEach(jobs, traces);
                      dispatches.enqueueEach(messages, traces);
                      return null;
                    }),
            groupSizes);
  }

  @Override
  public void store(Job job, FetchJobMessage firstAttempt) {
    committer.commit(new Accepted(job, firstAttempt, tracing.currentHeaders()));
  }

  /** How many accepted jobs wait for their group transaction to commit now (a gauge). */
  public int waiting() {
    return committer.waiting();
  }

  /** Writes what is queued and stops; a later {@link #store} fails. */
  @Override
  public void close() {
    committer.close();
  }

  private record Accepted(Job job, FetchJobMessage firstAttempt, Map<String, String> trace) {}
}
