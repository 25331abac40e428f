package io.fetchq.api.outbox.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.api.callbacks.usecase.CallbackDispatches;
import io.fetchq.contracts.Topics;
import io.fetchq.contracts.webhooks.v1.CallbackMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@link CallbackDispatches} through the outbox, exactly as {@link OutboxJobDispatches} writes job
 * messages: rows of {@code outbox} on the caller's transaction's connection (keyed by the event id,
 * header {@code fetchq-type: callback.v1}), and the relay woken once after the commit.
 */
public final class OutboxCallbackDispatches implements CallbackDispatches {

  /** Rows per multi-row INSERT of {@link #enqueueAll}: 4 parameters each. */
  static final int ROWS_PER_INSERT = 1000;

  private final JdbcClient jdbc;
  private final ObjectMapper json;
  private final String topic;
  private final String headers;
  private final Runnable afterCommit;

  /**
   * @param json Boot's mapper: ISO-8601 instants, as the worker expects
   * @param topic the full name of the callbacks topic
   * @param afterCommit runs after a transaction that enqueued commits; must be cheap
   */
  public OutboxCallbackDispatches(
      DataSource dataSource, ObjectMapper json, String topic, Runnable afterCommit) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
    this.json = Objects.requireNonNull(json, "json");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
    try {
      this.headers = json.writeValueAsString(Map.of(Topics.TYPE_HEADER, CallbackMessage.TYPE));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not serialise headers", e);
    }
  }

  /**
   * @throws IllegalStateException if no transaction is active: a message written outside one could
   *     be published for an event whose state change never committed
   */
  @Override
  public void enqueueAll(List<CallbackMessage> messages) {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException("CallbackDispatches must run inside a transaction");
    }
    for (int from = 0; from < messages.size(); from += ROWS_PER_INSERT) {
      List<CallbackMessage> chunk =
          messages.subList(from, Math.min(messages.size(), from + ROWS_PER_INSERT));
      List<Object> params = new ArrayList<>(chunk.size() * 4);
      StringBuilder sql =
          new StringBuilder("INSERT INTO outbox (topic, message_key, payload, headers) VALUES ");
      for (CallbackMessage message : chunk) {
        sql.append(params.isEmpty() ? "" : ", ").append("(?, ?, ?, ?::jsonb)");
        params.add(topic);
        params.add(message.eventId().toString());
        params.add(serialise(message));
        params.add(headers);
      }
      jdbc.sql(sql.toString()).params(params).update();
    }
    if (!messages.isEmpty()) {
      wakeAfterCommit();
    }
  }

  private byte[] serialise(CallbackMessage message) {
    try {
      return json.writeValueAsBytes(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not serialise " + CallbackMessage.TYPE, e);
    }
  }

  private void wakeAfterCommit() {
    if (TransactionSynchronizationManager.hasResource(this)) {
      return;
    }
    TransactionSynchronizationManager.bindResource(this, Boolean.TRUE);
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            afterCommit.run();
          }

          @Override
          public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(
                OutboxCallbackDispatches.this);
          }
        });
  }
}
