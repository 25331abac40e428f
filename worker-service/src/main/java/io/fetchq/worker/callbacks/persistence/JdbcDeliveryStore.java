package io.fetchq.worker.callbacks.persistence;

import io.fetchq.contracts.webhooks.v1.WebhookSigningSecret;
import io.fetchq.worker.callbacks.domain.ClaimedDelivery;
import io.fetchq.worker.callbacks.domain.DeliveryDecision;
import io.fetchq.worker.callbacks.domain.EventId;
import io.fetchq.worker.callbacks.domain.SigningKeys;
import io.fetchq.worker.callbacks.usecase.DeliveryStore;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link DeliveryStore} on {@code webhook_deliveries}: each statement is one guarded {@code UPDATE}
 * (state and attempt number in the {@code WHERE}), so duplicates and late messages change nothing.
 *
 * <p>The claim and the hand-back also take a due {@code scheduled} row for its next attempt. The
 * redelivery scheduler publishes while it holds the row locked and marks it {@code queued} only
 * after the broker's acknowledgement, so the message can arrive first. A statement whose {@code
 * WHERE} accepted only {@code queued} would not match the row in its snapshot and would skip it
 * without waiting (PostgreSQL re-checks a concurrently updated row only if its old version
 * matched): the message would be lost. Accepting the due {@code scheduled} version makes the
 * statement wait for the scheduler's transaction on the row lock and re-check the committed row
 * ({@code queued}); were that transaction rolled back after the send, the row is still {@code
 * scheduled} and due, and the message that did get out takes it.
 */
public final class JdbcDeliveryStore implements DeliveryStore {

  static final String CLAIM_SQL =
      """
      UPDATE webhook_deliveries d
         SET state = 'sending', attempts = ?, updated_at = now()
        FROM tenants t
       WHERE d.id = ? AND t.id = d.tenant_id AND d.payload IS NOT NULL
         AND ((d.state = 'queued' AND d.attempts = ? - 1)
              OR (d.state = 'scheduled' AND d.attempts = ? - 1 AND d.next_attempt_at <= now())
              OR (d.state = 'sending' AND d.attempts = ?))
      RETURNING d.tenant_id, d.url, d.payload, d.event_type, d.occurred_at,
                t.webhook_secret, t.previous_webhook_secret, t.webhook_secret_rotated_at
      """;

  private static final String GUARD = " WHERE id = ? AND state = 'sending' AND attempts = ?";

  private static final String DELIVERED_SQL =
      "UPDATE webhook_deliveries SET state = 'delivered', delivered_at = ?, last_status_code = ?,"
          + " last_error = NULL, next_attempt_at = NULL, updated_at = ?"
          + GUARD;

  private static final String RETRY_SQL =
      "UPDATE webhook_deliveries SET state = 'scheduled', next_attempt_at = ?,"
          + " last_status_code = ?, last_error = ?, updated_at = ?"
          + GUARD;

  private static final String FAILED_SQL =
      "UPDATE webhook_deliveries SET state = 'failed', failed_at = ?, last_status_code = ?,"
          + " last_error = ?, next_attempt_at = NULL, updated_at = ?"
          + GUARD;

  private static final String DEFER_SQL =
      """
      UPDATE webhook_deliveries SET state = 'scheduled', next_attempt_at = ?, updated_at = now()
       WHERE id = ? AND attempts = ? - 1
         AND (state = 'queued' OR (state = 'scheduled' AND next_attempt_at <= now()))
      """;

  private final JdbcTemplate jdbc;

  public JdbcDeliveryStore(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
  }

  @Override
  public Optional<ClaimedDelivery> claim(EventId id, int attempt) {
    List<ClaimedDelivery> rows =
        jdbc.query(
            CLAIM_SQL,
            (rs, n) -> claimed(rs, id, attempt),
            attempt,
            id.value(),
            attempt,
            attempt,
            attempt);
    return rows.stream().findFirst();
  }

  private static ClaimedDelivery claimed(ResultSet rs, EventId id, int attempt)
      throws SQLException {
    String previous = rs.getString("previous_webhook_secret");
    Timestamp rotatedAt = rs.getTimestamp("webhook_secret_rotated_at");
    SigningKeys keys =
        new SigningKeys(
            WebhookSigningSecret.parse(rs.getString("webhook_secret")),
            previous == null ? null : WebhookSigningSecret.parse(previous),
            previous == null || rotatedAt == null ? null : rotatedAt.toInstant());
    return new ClaimedDelivery(
        id,
        rs.getObject("tenant_id", UUID.class),
        attempt,
        rs.getString("url"),
        rs.getString("payload").getBytes(StandardCharsets.UTF_8),
        rs.getString("event_type"),
        rs.getTimestamp("occurred_at").toInstant(),
        keys);
  }

  @Override
  public boolean record(EventId id, int attempt, DeliveryDecision decision, Instant now) {
    Timestamp at = Timestamp.from(now);
    Object status = decision.statusCode() == null ? null : decision.statusCode();
    int updated =
        switch (decision) {
          case DeliveryDecision.Delivered d ->
              jdbc.update(
                  DELIVERED_SQL,
                  new Object[] {at, status, at, id.value(), attempt},
                  new int[] {
                    Types.TIMESTAMP, Types.INTEGER, Types.TIMESTAMP, Types.OTHER, Types.INTEGER
                  });
          case DeliveryDecision.Retry r ->
              jdbc.update(
                  RETRY_SQL,
                  new Object[] {
                    Timestamp.from(r.nextAttemptAt()),
                    status,
                    r.error().wireName(),
                    at,
                    id.value(),
                    attempt
                  },
                  new int[] {
                    Types.TIMESTAMP,
                    Types.INTEGER,
                    Types.VARCHAR,
                    Types.TIMESTAMP,
                    Types.OTHER,
                    Types.INTEGER
                  });
          case DeliveryDecision.Failed f ->
              jdbc.update(
                  FAILED_SQL,
                  new Object[] {at, status, f.error().wireName(), at, id.value(), attempt},
                  new int[] {
                    Types.TIMESTAMP,
                    Types.INTEGER,
                    Types.VARCHAR,
                    Types.TIMESTAMP,
                    Types.OTHER,
                    Types.INTEGER
                  });
        };
    return updated == 1;
  }

  @Override
  public boolean defer(EventId id, int attempt, Instant until) {
    return jdbc.update(DEFER_SQL, Timestamp.from(until), id.value(), attempt) == 1;
  }
}
