package io.fetchq.api.callbacks.persistence;

import io.fetchq.api.batches.domain.BatchId;
import io.fetchq.api.callbacks.domain.NewWebhookEvent;
import io.fetchq.api.callbacks.domain.WebhookEventId;
import io.fetchq.api.callbacks.usecase.WebhookEventStore;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.tenants.domain.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link WebhookEventStore} on {@code webhook_deliveries} with plain JDBC, on the caller's
 * transaction's connection. New events are found through the partial index {@code
 * webhook_deliveries_new_idx} (only rows in state {@code new}, oldest first).
 */
public final class JdbcWebhookEventStore implements WebhookEventStore {

  /** The lock statement; public so a plan test can EXPLAIN it. */
  public static final String LOCK_NEW =
      """
      SELECT id, tenant_id, job_id, batch_id, event_type, url, occurred_at
        FROM webhook_deliveries
       WHERE state = 'new'
       ORDER BY occurred_at
       LIMIT ?
         FOR UPDATE SKIP LOCKED
      """;

  private static final String MARK_QUEUED =
      """
      UPDATE webhook_deliveries SET state = 'queued', payload = ?, updated_at = ?
       WHERE id = ? AND state = 'new'
      """;

  private static final String MARK_FAILED =
      """
      UPDATE webhook_deliveries
         SET state = 'failed', last_error = ?, failed_at = ?, updated_at = ?
       WHERE id = ? AND state = 'new'
      """;

  private final JdbcClient jdbc;

  public JdbcWebhookEventStore(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public List<NewWebhookEvent> lockNew(int limit) {
    return jdbc.sql(LOCK_NEW).param(limit).query((rs, row) -> event(rs)).list();
  }

  @Override
  public void markQueued(WebhookEventId id, String payload, Instant now) {
    requireOne(jdbc.sql(MARK_QUEUED).params(payload, Timestamp.from(now), id.value()).update(), id);
  }

  @Override
  public void markFailed(WebhookEventId id, String error, Instant now) {
    Timestamp at = Timestamp.from(now);
    requireOne(jdbc.sql(MARK_FAILED).params(error, at, at, id.value()).update(), id);
  }

  private static void requireOne(int updated, WebhookEventId id) {
    if (updated != 1) {
      throw new IllegalStateException("webhook event " + id + " is not new (was it locked?)");
    }
  }

  private static NewWebhookEvent event(ResultSet rs) throws SQLException {
    UUID job = rs.getObject("job_id", UUID.class);
    UUID batch = rs.getObject("batch_id", UUID.class);
    return new NewWebhookEvent(
        new WebhookEventId(rs.getObject("id", UUID.class)),
        new TenantId(rs.getObject("tenant_id", UUID.class)),
        rs.getString("event_type"),
        job == null ? null : new JobId(job),
        batch == null ? null : new BatchId(batch),
        rs.getString("url"),
        rs.getObject("occurred_at", OffsetDateTime.class).toInstant());
  }
}
