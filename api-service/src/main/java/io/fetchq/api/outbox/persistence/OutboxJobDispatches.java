package io.fetchq.api.outbox.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.api.jobs.usecase.JobDispatches;
import io.fetchq.api.tracing.Tracing;
import io.fetchq.contracts.jobs.v1.FetchJobMessage;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * {@link JobDispatches} through the outbox ({@link OutboxRows}): a job message becomes a row of
 * {@code outbox} keyed by the job id, header {@code fetchq-type: fetch-job.v1}, in the caller's
 * transaction, and the relay is woken once after the commit.
 *
 * <p>The current trace context (the accepting request's SERVER span) goes into the rows' {@code
 * traceparent}/{@code tracestate} headers, so the relay's publish joins the request's trace (the
 * job row itself is stored with it by the job repository: {@code jobs.trace_parent}, {@code
 * jobs.trace_state}).
 */
public final class OutboxJobDispatches implements JobDispatches {

  private final OutboxRows<FetchJobMessage> rows;
  private final Tracing tracing;

  /**
   * @param json Boot's mapper: ISO-8601 instants, as the worker expects
   * @param topic the full name of the jobs topic
   * @param afterCommit runs after a transaction that enqueued commits; must be cheap
   * @param tracing gives the current request's trace context
   */
  public OutboxJobDispatches(
      DataSource dataSource,
      ObjectMapper json,
      String topic,
      Runnable afterCommit,
      Tracing tracing) {
    this.tracing = Objects.requireNonNull(tracing, "tracing");
    this.rows =
        new OutboxRows<>(
            dataSource,
            json,
            topic,
            FetchJobMessage.TYPE,
            message -> message.jobId().toString(),
            afterCommit,
            null);
  }

  /**
   * @throws IllegalStateException if no transaction is active: a message written outside one could
   *     be published for a job that was never stored
   */
  @Override
  public void enqueue(FetchJobMessage message) {
    enqueueAll(List.of(message));
  }

  /**
   * Writes the messages with multi-row {@code INSERT ... VALUES} statements (outbox ids, and so
   * publication order, follow the list's order).
   *
   * @throws IllegalStateException if no transaction is active
   */
  @Override
  public void enqueueAll(List<FetchJobMessage> messages) {
    Map<String, String> trace = tracing.currentHeaders();
    rows.insert(messages, "JobDispatches.enqueueAll", trace);
  }

  /**
   * Writes the messages, each with the trace context of the request that accepted its job ({@code
   * traces}, same order: {@code traceparent}/{@code tracestate} headers), as one JDBC batch: group
   * commit writes jobs of several requests in one transaction.
   *
   * @throws IllegalStateException if no transaction is active
   */
  public void enqueueEach(List<FetchJobMessage> messages, List<Map<String, String>> traces) {
    rows.insertEach(messages, "JobDispatches.enqueueEach", traces);
  }
}
