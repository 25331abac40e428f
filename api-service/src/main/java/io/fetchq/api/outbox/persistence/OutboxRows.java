package io.fetchq.api.outbox.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.contracts.Topics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes messages of one type as rows of {@code outbox} for one topic, on the caller's
 * transaction's connection (JDBC joins the JPA transaction), so a message exists if and only if the
 * change it belongs to commits. After the commit, {@code afterCommit} (the relay's wake-up) runs
 * once per transaction, so publication starts at once instead of at the next poll.
 *
 * @param <T> the message record, serialised as JSON
 */
final class OutboxRows<T> {

  /** Rows per multi-row INSERT: 4 or 5 parameters each. */
  static final int ROWS_PER_INSERT = 1000;

  private static final String INSERT =
      "INSERT INTO outbox (topic, message_key, payload, headers) VALUES ";

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;
  private final ObjectMapper json;
  private final String topic;
  private final String type;
  private final String jobTraceOf;

  /**
   * One row's {@code VALUES} tuple: with {@code jobTraceOf}, the job's trace merged into headers.
   */
  private final String row;

  private final Function<T, String> key;
  private final Runnable afterCommit;

  /**
   * @param json Boot's mapper: ISO-8601 instants, as the worker expects
   * @param topic the full topic name
   * @param type the {@code fetchq-type} header of every row
   * @param key the record key of a message
   * @param afterCommit runs after a transaction that wrote rows commits; must be cheap
   * @param jobTraceOf null, or a SQL query taking the record key as its one parameter and returning
   *     the trace context stored with the message's job as one JSON object (or no row): its headers
   *     are added to the row's
   */
  OutboxRows(
      DataSource dataSource,
      ObjectMapper json,
      String topic,
      String type,
      Function<T, String> key,
      Runnable afterCommit,
      String jobTraceOf) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
    this.batch = new JdbcTemplate(dataSource);
    this.json = Objects.requireNonNull(json, "json");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.type = Objects.requireNonNull(type, "type");
    this.key = Objects.requireNonNull(key, "key");
    this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
    this.jobTraceOf = jobTraceOf;
    this.row =
        jobTraceOf == null
            ? "(?, ?, ?, ?::jsonb)"
            : "(?, ?, ?, ?::jsonb || COALESCE((" + jobTraceOf + "), '{}'::jsonb))";
  }

  /**
   * Writes the messages with multi-row {@code INSERT ... VALUES} statements (outbox ids, and so
   * publication order, follow the list's order).
   *
   * @param caller names the operation in the error
   * @param extraHeaders headers of every row besides {@code fetchq-type} (the trace context)
   * @throws IllegalStateException if no transaction is active: a message written outside one could
   *     be published for a change that never committed
   */
  void insert(List<T> messages, String caller, Map<String, String> extraHeaders) {
    requireTransaction(caller);
    String headers = headers(extraHeaders);
    for (int from = 0; from < messages.size(); from += ROWS_PER_INSERT) {
      List<T> chunk = messages.subList(from, Math.min(messages.size(), from + ROWS_PER_INSERT));
      List<Object> params = new ArrayList<>(chunk.size() * 5);
      StringBuilder sql = new StringBuilder(INSERT);
      for (T message : chunk) {
        sql.append(params.isEmpty() ? "" : ", ").append(row);
        params.addAll(Arrays.asList(rowParams(message, headers)));
      }
      jdbc.sql(sql.toString()).params(params).update();
    }
    if (!messages.isEmpty()) {
      wakeAfterCommit();
    }
  }

  /**
   * Writes the messages, each with its own extra headers ({@code extraHeaders}, same order), as one
   * JDBC batch of single-row inserts: one statement text whatever the count, sent in one round trip
   * (group commit, whose groups vary in size). Outbox ids follow the list's order.
   *
   * @throws IllegalStateException if no transaction is active
   */
  void insertEach(List<T> messages, String caller, List<Map<String, String>> extraHeaders) {
    requireTransaction(caller);
    if (messages.size() != extraHeaders.size()) {
      throw new IllegalArgumentException("one header map per message");
    }
    if (messages.isEmpty()) {
      return;
    }
    List<Object[]> rows = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      rows.add(rowParams(messages.get(i), headers(extraHeaders.get(i))));
    }
    batch.batchUpdate(INSERT + row, rows);
    wakeAfterCommit();
  }

  private static void requireTransaction(String caller) {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException(caller + " must run inside a transaction");
    }
  }

  /** The {@code headers} column: {@code extra} and the {@code fetchq-type} header, as JSON. */
  private String headers(Map<String, String> extra) {
    Map<String, String> all = new LinkedHashMap<>(extra);
    all.put(Topics.TYPE_HEADER, type);
    return serialise(all, "headers");
  }

  /** The parameters of one {@link #row}. */
  private Object[] rowParams(T message, String headers) {
    String messageKey = key.apply(message);
    return jobTraceOf == null
        ? new Object[] {topic, messageKey, serialise(message), headers}
        : new Object[] {topic, messageKey, serialise(message), headers, messageKey};
  }

  private String serialise(Map<String, String> headers, String what) {
    try {
      return json.writeValueAsString(headers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not serialise " + what, e);
    }
  }

  private byte[] serialise(T message) {
    try {
      return json.writeValueAsBytes(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not serialise " + type, e);
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
            TransactionSynchronizationManager.unbindResourceIfPossible(OutboxRows.this);
          }
        });
  }
}
