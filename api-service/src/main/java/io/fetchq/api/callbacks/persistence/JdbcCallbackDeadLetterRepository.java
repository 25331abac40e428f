package io.fetchq.api.callbacks.persistence;

import io.fetchq.api.batches.domain.BatchId;
import io.fetchq.api.callbacks.domain.CallbackDeadLetterFilter;
import io.fetchq.api.callbacks.domain.DeliveryState;
import io.fetchq.api.callbacks.domain.WebhookDelivery;
import io.fetchq.api.callbacks.domain.WebhookEventId;
import io.fetchq.api.callbacks.usecase.CallbackDeadLetterRepository;
import io.fetchq.api.deadletters.domain.KeysetCursor;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.tenants.domain.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link CallbackDeadLetterRepository} on {@code webhook_deliveries} with plain JDBC, on the
 * caller's transaction's connection. Listings are keyset pages over the partial indexes {@code
 * webhook_deliveries_failed_idx} ({@code failed_at DESC, id DESC WHERE state = 'failed'}) and
 * {@code webhook_deliveries_tenant_failed_idx} (the same per tenant).
 */
public final class JdbcCallbackDeadLetterRepository implements CallbackDeadLetterRepository {

  private static final String SELECT =
      """
      SELECT id, tenant_id, job_id, batch_id, event_type, url, state, payload IS NOT NULL AS rendered,
             attempts, last_status_code, last_error, failed_at, replay_count
        FROM webhook_deliveries
      """;

  private static final String MARK_REPLAYED =
      """
      UPDATE webhook_deliveries
         SET state = 'queued', attempts = 0, replay_count = replay_count + 1, last_error = NULL,
             last_status_code = NULL, next_attempt_at = NULL, failed_at = NULL, updated_at = ?
       WHERE id = ANY (CAST(? AS uuid[])) AND state = 'failed'
      """;

  private final JdbcClient jdbc;

  public JdbcCallbackDeadLetterRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public List<WebhookDelivery> list(
      CallbackDeadLetterFilter filter, KeysetCursor after, int limit) {
    List<Object> params = new ArrayList<>();
    return jdbc.sql(listSql(filter, after, limit, params))
        .params(params)
        .query((rs, row) -> delivery(rs))
        .list();
  }

  /**
   * The statement of one listing page, its parameters appended to {@code params}; package-private
   * so the plan test can EXPLAIN exactly what runs.
   */
  static String listSql(
      CallbackDeadLetterFilter filter, KeysetCursor after, int limit, List<Object> params) {
    String where = where(filter, params);
    if (after != null) {
      where += " AND (failed_at, id) < (?, ?)";
      params.add(Timestamp.from(after.at()));
      params.add(after.id());
    }
    params.add(limit);
    return SELECT + " WHERE " + where + " ORDER BY failed_at DESC, id DESC LIMIT ?";
  }

  @Override
  public Optional<WebhookDelivery> lock(WebhookEventId id) {
    return jdbc.sql(SELECT + " WHERE id = ? FOR UPDATE")
        .param(id.value())
        .query((rs, row) -> delivery(rs))
        .optional();
  }

  @Override
  public List<WebhookDelivery> lockReplayable(CallbackDeadLetterFilter filter, int limit) {
    List<Object> params = new ArrayList<>();
    String where = where(filter, params) + " AND payload IS NOT NULL";
    params.add(limit);
    return jdbc.sql(
            SELECT
                + " WHERE "
                + where
                + " ORDER BY failed_at DESC, id DESC LIMIT ? FOR UPDATE SKIP LOCKED")
        .params(params)
        .query((rs, row) -> delivery(rs))
        .list();
  }

  @Override
  public int countReplayable(CallbackDeadLetterFilter filter, int limit) {
    List<Object> params = new ArrayList<>();
    String where = where(filter, params) + " AND payload IS NOT NULL";
    params.add(limit);
    return jdbc.sql(
            "SELECT count(*) FROM (SELECT 1 FROM webhook_deliveries WHERE "
                + where
                + " LIMIT ?) AS matched")
        .params(params)
        .query(Integer.class)
        .single();
  }

  @Override
  public int markReplayed(List<WebhookEventId> ids, Instant now) {
    if (ids.isEmpty()) {
      return 0;
    }
    String[] values = ids.stream().map(WebhookEventId::toString).toArray(String[]::new);
    return jdbc.sql(MARK_REPLAYED).params(Timestamp.from(now), values).update();
  }

  /**
   * The SQL condition for failed deliveries matching {@code filter}, its parameters appended to
   * {@code params}.
   */
  static String where(CallbackDeadLetterFilter filter, List<Object> params) {
    StringBuilder where = new StringBuilder("state = 'failed'");
    if (filter.tenant() != null) {
      where.append(" AND tenant_id = ?");
      params.add(filter.tenant().value());
    }
    if (filter.type() != null) {
      where.append(" AND event_type = ?");
      params.add(filter.type());
    }
    if (filter.since() != null) {
      where.append(" AND failed_at >= ?");
      params.add(Timestamp.from(filter.since()));
    }
    if (filter.until() != null) {
      where.append(" AND failed_at < ?");
      params.add(Timestamp.from(filter.until()));
    }
    return where.toString();
  }

  private static WebhookDelivery delivery(ResultSet rs) throws SQLException {
    UUID job = rs.getObject("job_id", UUID.class);
    UUID batch = rs.getObject("batch_id", UUID.class);
    return new WebhookDelivery(
        new WebhookEventId(rs.getObject("id", UUID.class)),
        new TenantId(rs.getObject("tenant_id", UUID.class)),
        rs.getString("event_type"),
        job == null ? null : new JobId(job),
        batch == null ? null : new BatchId(batch),
        rs.getString("url"),
        DeliveryState.fromWire(rs.getString("state")),
        rs.getBoolean("rendered"),
        rs.getInt("attempts"),
        rs.getObject("last_status_code", Integer.class),
        rs.getString("last_error"),
        instant(rs, "failed_at"),
        rs.getInt("replay_count"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
