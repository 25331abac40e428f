package io.fetchq.api.outbox.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.api.callbacks.usecase.CallbackDispatches;
import io.fetchq.contracts.webhooks.v1.CallbackMessage;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * {@link CallbackDispatches} through the outbox ({@link OutboxRows}), exactly as job messages are
 * written: rows of {@code outbox} on the caller's transaction's connection, keyed by the event id,
 * header {@code fetchq-type: callback.v1}, and the relay woken once after the commit. Each row also
 * carries the trace context stored with the event's job ({@code traceparent}, {@code tracestate}),
 * so the delivery joins the job's trace.
 */
public final class OutboxCallbackDispatches implements CallbackDispatches {

  /**
   * The trace context stored with the event's job (none for batch events or untraced jobs): a job's
   * webhook deliveries join the trace of the request that accepted it.
   */
  private static final String JOB_TRACE =
      """
      SELECT jsonb_strip_nulls(jsonb_build_object('traceparent', j.trace_parent,
                                                  'tracestate', j.trace_state))
      FROM webhook_deliveries d JOIN jobs j ON j.id = d.job_id
      WHERE d.id = ?::uuid AND j.trace_parent IS NOT NULL""";

  private final OutboxRows<CallbackMessage> rows;

  /**
   * @param json Boot's mapper: ISO-8601 instants, as the worker expects
   * @param topic the full name of the callbacks topic
   * @param afterCommit runs after a transaction that enqueued commits; must be cheap
   */
  public OutboxCallbackDispatches(
      DataSource dataSource, ObjectMapper json, String topic, Runnable afterCommit) {
    this.rows =
        new OutboxRows<>(
            dataSource,
            json,
            topic,
            CallbackMessage.TYPE,
            message -> message.eventId().toString(),
            afterCommit,
            JOB_TRACE);
  }

  /**
   * @throws IllegalStateException if no transaction is active: a message written outside one could
   *     be published for an event whose state change never committed
   */
  @Override
  public void enqueueAll(List<CallbackMessage> messages) {
    rows.insert(messages, "CallbackDispatches.enqueueAll", Map.of());
  }
}
