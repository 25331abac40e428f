package io.fetchq.api.outbox.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.api.jobs.usecase.JobDispatches;
import io.fetchq.contracts.jobs.v1.FetchJobMessage;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@link JobDispatches} through the outbox ({@link OutboxRows}): a job message becomes a row of
 * {@code outbox} keyed by the job id, header {@code fetchq-type: fetch-job.v1}, in the caller's
 * transaction, and the relay is woken once after the commit.
 */
public final class OutboxJobDispatches implements JobDispatches {

  private final OutboxRows<FetchJobMessage> rows;

  /**
   * @param json Boot's mapper: ISO-8601 instants, as the worker expects
   * @param topic the full name of the jobs topic
   * @param afterCommit runs after a transaction that enqueued commits; must be cheap
   */
  public OutboxJobDispatches(
      DataSource dataSource, ObjectMapper json, String topic, Runnable afterCommit) {
    this.rows =
        new OutboxRows<>(
            dataSource,
            json,
            topic,
            FetchJobMessage.TYPE,
            message -> message.jobId().toString(),
            afterCommit);
  }

  /**
   * @throws IllegalStateException if no transaction is active: a message written outside one could
   *     be published for a job that was never stored
   */
  @Override
  public void enqueue(FetchJobMessage message) {
    rows.insert(List.of(message), "JobDispatches.enqueue");
  }

  /**
   * Writes the messages with multi-row {@code INSERT ... VALUES} statements (outbox ids, and so
   * publication order, follow the list's order).
   *
   * @throws IllegalStateException if no transaction is active
   */
  @Override
  public void enqueueAll(List<FetchJobMessage> messages) {
    rows.insert(messages, "JobDispatches.enqueueAll");
  }
}
