package io.fetchq.api.outbox.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.api.jobs.usecase.JobDispatches;
import io.fetchq.contracts.Topics;
import io.fetchq.contracts.jobs.v1.FetchJobMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@link JobDispatches} through the outbox: the message becomes a row of {@code outbox}, inserted
 * on the caller's transaction's connection (JDBC joins the JPA transaction), so it exists if and
 * only if the job change commits. After the commit, {@code afterCommit} (the relay's wake-up) runs
 * once per transaction, so publication starts at once instead of at the next poll.
 */
public final class OutboxJobDispatches implements JobDispatches {

  private static final String INSERT =
      "INSERT INTO outbox (topic, message_key, payload, headers) VALUES (?, ?, ?, ?::jsonb)";

  /** Rows per multi-row INSERT of {@link #enqueueAll}: 4 parameters each. */
  static final int ROWS_PER_INSERT = 1000;

  private final JdbcClient jdbc;
  private final ObjectMapper json;
  private final String topic;
  private final String headers;
  private final Runnable afterCommit;

  /**
   * @param json Boot's mapper: ISO-8601 instants, as the worker expects
   * @param topic the full name of the jobs topic
   * @param afterCommit runs after a transaction that enqueued commits; must be cheap
   */
  public OutboxJobDispatches(
      DataSource dataSource, ObjectMapper json, String topic, Runnable afterCommit) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
    this.json = Objects.requireNonNull(json, "json");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
    this.headers = write(Map.of(Topics.TYPE_HEADER, FetchJobMessage.TYPE));
  }

  /**
   * @throws IllegalStateException if no transaction is active: a message written outside one could
   *     be published for a job that was never stored
   */
  @Override
  public void enqueue(FetchJobMessage message) {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException("JobDispatches.enqueue must run inside a transaction");
    }
    byte[] payload;
    try {
      payload = json.writeValueAsBytes(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not serialise " + FetchJobMessage.TYPE, e);
    }
    jdbc.sql(INSERT).params(topic, message.jobId().toString(), payload, headers).update();
    wakeAfterCommit();
  }

  /**
   * Writes the messages with multi-row {@code INSERT ... VALUES} statements (outbox ids, and so
   * publication order, follow the list's order).
   *
   * @throws IllegalStateException if no transaction is active
   */
  @Override
  public void enqueueAll(List<FetchJobMessage> messages) {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException("JobDispatches.enqueueAll must run inside a transaction");
    }
    for (int from = 0; from < messages.size(); from += ROWS_PER_INSERT) {
      List<FetchJobMessage> chunk =
          messages.subList(from, Math.min(messages.size(), from + ROWS_PER_INSERT));
      List<Object> params = new ArrayList<>(chunk.size() * 4);
      StringBuilder sql =
          new StringBuilder("INSERT INTO outbox (topic, message_key, payload, headers) VALUES ");
      for (FetchJobMessage message : chunk) {
        sql.append(params.isEmpty() ? "" : ", ").append("(?, ?, ?, ?::jsonb)");
        params.add(topic);
        params.add(message.jobId().toString());
        params.add(serialise(message));
        params.add(headers);
      }
      jdbc.sql(sql.toString()).params(params).update();
    }
    if (!messages.isEmpty()) {
      wakeAfterCommit();
    }
  }

  private byte[] serialise(FetchJobMessage message) {
    try {
      return json.writeValueAsBytes(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not serialise " + FetchJobMessage.TYPE, e);
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
            TransactionSynchronizationManager.unbindResourceIfPossible(OutboxJobDispatches.this);
          }
        });
  }

  private String write(Map<String, String> value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not serialise headers", e);
    }
  }
}
