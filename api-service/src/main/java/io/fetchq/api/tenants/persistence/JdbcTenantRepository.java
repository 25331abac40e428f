package io.fetchq.api.tenants.persistence;

import io.fetchq.api.tenants.domain.RateLimit;
import io.fetchq.api.tenants.domain.Tenant;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.tenants.domain.TenantName;
import io.fetchq.api.tenants.domain.WebhookSecret;
import io.fetchq.api.tenants.domain.WebhookSigningSecrets;
import io.fetchq.api.tenants.usecase.TenantRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link TenantRepository} on PostgreSQL with plain JDBC. A taken name is detected by the insert
 * itself ({@code ON CONFLICT (name) DO NOTHING}), never by a read before it.
 */
public final class JdbcTenantRepository implements TenantRepository {

  private static final String INSERT =
      """
      INSERT INTO tenants (id, name, rate_limit_per_second, rate_limit_burst, webhook_secret,
                           created_at)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (name) DO NOTHING
      """;

  private static final String FIND =
      """
      SELECT id, name, rate_limit_per_second, rate_limit_burst, webhook_secret, created_at
        FROM tenants
       WHERE id = ?
      """;

  private static final String SECRETS =
      "SELECT webhook_secret, previous_webhook_secret, webhook_secret_rotated_at FROM tenants"
          + " WHERE id = ?";

  // The row lock of the UPDATE serialises concurrent rotations; RETURNING sees this one's result.
  private static final String ROTATE =
      """
      UPDATE tenants
         SET previous_webhook_secret = webhook_secret,
             webhook_secret = ?,
             webhook_secret_rotated_at = ?
       WHERE id = ?
      RETURNING webhook_secret, previous_webhook_secret, webhook_secret_rotated_at
      """;

  private final JdbcClient jdbc;

  public JdbcTenantRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public boolean add(Tenant tenant) {
    return jdbc.sql(INSERT)
            .params(
                tenant.id().value(),
                tenant.name().value(),
                tenant.rateLimit().perSecond(),
                tenant.rateLimit().burst(),
                tenant.webhookSecret().value(),
                tenant.createdAt().atOffset(ZoneOffset.UTC))
            .update()
        == 1;
  }

  @Override
  public Optional<Tenant> find(TenantId id) {
    return jdbc.sql(FIND).param(id.value()).query((rs, row) -> tenant(rs)).optional();
  }

  @Override
  public Optional<WebhookSigningSecrets> webhookSecrets(TenantId id) {
    return jdbc.sql(SECRETS).param(id.value()).query((rs, row) -> secrets(rs)).optional();
  }

  @Override
  public Optional<WebhookSigningSecrets> rotateWebhookSecret(
      TenantId id, WebhookSecret next, Instant now) {
    return jdbc.sql(ROTATE)
        .params(next.value(), now.atOffset(ZoneOffset.UTC), id.value())
        .query((rs, row) -> secrets(rs))
        .optional();
  }

  private static WebhookSigningSecrets secrets(ResultSet rs) throws SQLException {
    String previous = rs.getString("previous_webhook_secret");
    OffsetDateTime rotatedAt = rs.getObject("webhook_secret_rotated_at", OffsetDateTime.class);
    return new WebhookSigningSecrets(
        new WebhookSecret(rs.getString("webhook_secret")),
        previous == null ? null : new WebhookSecret(previous),
        rotatedAt == null ? null : rotatedAt.toInstant());
  }

  private static Tenant tenant(ResultSet rs) throws SQLException {
    return new Tenant(
        new TenantId(rs.getObject("id", UUID.class)),
        new TenantName(rs.getString("name")),
        new RateLimit(rs.getInt("rate_limit_per_second"), rs.getInt("rate_limit_burst")),
        new WebhookSecret(rs.getString("webhook_secret")),
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }
}
