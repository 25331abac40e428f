package io.fetchq.api.outbox.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.api.outbox.domain.OutboxEntry;
import io.fetchq.api.outbox.usecase.OutboxStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link OutboxStore} on PostgreSQL. A pass is one {@code DELETE ... RETURNING} of the oldest rows
 * that {@code FOR UPDATE SKIP LOCKED} lets it take, so concurrent relays split the backlog instead
 * of waiting for each other or publishing a row twice. The deletion commits after the broker
 * acknowledged: deleting then is "mark published" without the table growing or a cleanup job.
 *
 * <p>Passes run in their own JDBC transactions (a private {@link DataSourceTransactionManager}),
 * never inside a caller's.
 */
public final class JdbcOutboxStore implements OutboxStore {

  private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};

  private static final String CLAIM =
      """
      DELETE FROM outbox
      WHERE id IN (SELECT id FROM outbox ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
      RETURNING id, topic, message_key, payload, headers::text AS headers
      """;

  private static final String BACKLOG =
      "SELECT count(*) FROM (SELECT 1 FROM outbox LIMIT ?) AS waiting";

  // the primary key index gives the lowest id at once; ids follow insertion order, so its row is
  // the oldest one (to within the few milliseconds between concurrent transactions' starts)
  private static final String OLDEST = "SELECT created_at FROM outbox ORDER BY id LIMIT 1";

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final ObjectMapper json;

  public JdbcOutboxStore(DataSource dataSource, ObjectMapper json) {
    Objects.requireNonNull(dataSource, "dataSource");
    this.jdbc = JdbcClient.create(dataSource);
    this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.json = Objects.requireNonNull(json, "json");
  }

  @Override
  public int relayBatch(int limit, Consumer<List<OutboxEntry>> publish) {
    Integer relayed =
        transactions.execute(
            status -> {
              List<OutboxEntry> entries =
                  jdbc.sql(CLAIM).param(limit).query(this::entry).list().stream()
                      .sorted(Comparator.comparingLong(OutboxEntry::id))
                      .toList();
              if (!entries.isEmpty()) {
                publish.accept(entries);
              }
              return entries.size();
            });
    return relayed == null ? 0 : relayed;
  }

  @Override
  public long backlog(long cap) {
    return jdbc.sql(BACKLOG).param(cap).query(Long.class).single();
  }

  @Override
  public Optional<Instant> oldestCreatedAt() {
    return jdbc.sql(OLDEST).query(Timestamp.class).optional().map(Timestamp::toInstant);
  }

  private OutboxEntry entry(ResultSet rs, int row) throws SQLException {
    return new OutboxEntry(
        rs.getLong("id"),
        rs.getString("topic"),
        rs.getString("message_key"),
        rs.getBytes("payload"),
        headers(rs.getString("headers")));
  }

  private Map<String, String> headers(String text) {
    if (text == null || text.isEmpty()) {
      return Map.of();
    }
    try {
      return json.readValue(text, HEADERS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("outbox row has headers that are not a JSON string map", e);
    }
  }
}
