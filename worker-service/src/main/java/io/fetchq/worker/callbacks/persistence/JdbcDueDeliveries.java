package io.fetchq.worker.callbacks.persistence;

import io.fetchq.kernel.destinations.UrlHost;
import io.fetchq.worker.callbacks.domain.EventId;
import io.fetchq.worker.callbacks.usecase.DueDeliveries;
import io.fetchq.worker.callbacks.usecase.DueDelivery;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * {@link DueDeliveries} on {@code webhook_deliveries} ({@code webhook_deliveries_due_idx}): {@code
 * SELECT ... FOR UPDATE SKIP LOCKED}, publish, {@code UPDATE ... SET state = 'queued'}, commit; so
 * several workers' schedulers share the due rows without publishing one twice.
 */
public final class JdbcDueDeliveries implements DueDeliveries {

  static final String DUE_SQL =
      """
      SELECT id, tenant_id, attempts, url FROM webhook_deliveries
       WHERE state = 'scheduled' AND next_attempt_at <= now()
       ORDER BY next_attempt_at
       LIMIT ?
         FOR UPDATE SKIP LOCKED
      """;

  static final String REQUEUE_SQL =
      """
      UPDATE webhook_deliveries SET state = 'queued', next_attempt_at = NULL, updated_at = now()
       WHERE id = ANY(?) AND state = 'scheduled'
      """;

  private final DataSource dataSource;

  public JdbcDueDeliveries(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public int requeue(int limit, Consumer<List<DueDelivery>> publish) {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        List<DueDelivery> due = due(connection, limit);
        if (due.isEmpty()) {
          connection.commit();
          return 0;
        }
        publish.accept(due);
        int requeued = requeue(connection, due);
        connection.commit();
        return requeued;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new DataAccessResourceFailureException("requeueing due webhook deliveries failed", e);
    }
  }

  private static List<DueDelivery> due(Connection connection, int limit) throws SQLException {
    List<DueDelivery> due = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(DUE_SQL)) {
      select.setInt(1, limit);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          due.add(
              new DueDelivery(
                  new EventId(rs.getObject("id", UUID.class)),
                  rs.getObject("tenant_id", UUID.class),
                  rs.getInt("attempts") + 1,
                  UrlHost.key(rs.getString("url"))));
        }
      }
    }
    return due;
  }

  private static int requeue(Connection connection, List<DueDelivery> due) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(REQUEUE_SQL)) {
      Array ids = connection.createArrayOf("uuid", due.stream().map(d -> d.id().value()).toArray());
      update.setArray(1, ids);
      return update.executeUpdate();
    }
  }
}
