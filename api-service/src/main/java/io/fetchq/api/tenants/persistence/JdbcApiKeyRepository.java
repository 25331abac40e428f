package io.fetchq.api.tenants.persistence;

import io.fetchq.api.tenants.domain.ApiKey;
import io.fetchq.api.tenants.domain.ApiKeyHash;
import io.fetchq.api.tenants.domain.ApiKeyId;
import io.fetchq.api.tenants.domain.Scope;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.tenants.usecase.ApiKeyRepository;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link ApiKeyRepository} on PostgreSQL with plain JDBC, reading the database on every call (the
 * cache is {@link CachingApiKeyRepository}). Keys are found by the unique index on {@code
 * key_hash}; scopes are a {@code text[]} of wire names.
 */
public final class JdbcApiKeyRepository implements ApiKeyRepository {

  private static final String COLUMNS = "id, tenant_id, key_hash, scopes, created_at, revoked_at";

  /** Inserts nothing when the tenant does not exist: one statement, no read before it. */
  private static final String INSERT =
      """
      INSERT INTO api_keys (id, tenant_id, key_hash, scopes, created_at)
      SELECT ?, t.id, ?, ?, ?
        FROM tenants t
       WHERE t.id = ?
      """;

  private static final String FIND_ACTIVE =
      "SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL";

  private static final String LIST =
      "SELECT " + COLUMNS + " FROM api_keys WHERE tenant_id = ? ORDER BY id DESC";

  private static final String REVOKE =
      """
      UPDATE api_keys
         SET revoked_at = ?
       WHERE id = ? AND tenant_id = ? AND revoked_at IS NULL
      """;

  private final JdbcClient jdbc;

  public JdbcApiKeyRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public boolean add(ApiKey key) {
    return jdbc.sql(INSERT)
            .params(
                key.id().value(),
                key.hash().digest(),
                key.scopes().stream().map(Scope::wireName).toArray(String[]::new),
                key.createdAt().atOffset(ZoneOffset.UTC),
                key.tenantId().value())
            .update()
        == 1;
  }

  @Override
  public Optional<ApiKey> findActive(ApiKeyHash hash) {
    return jdbc.sql(FIND_ACTIVE).param(hash.digest()).query((rs, row) -> key(rs)).optional();
  }

  @Override
  public List<ApiKey> list(TenantId tenant) {
    return jdbc.sql(LIST).param(tenant.value()).query((rs, row) -> key(rs)).list();
  }

  @Override
  public boolean revoke(TenantId tenant, ApiKeyId id, Instant at) {
    return jdbc.sql(REVOKE).params(at.atOffset(ZoneOffset.UTC), id.value(), tenant.value()).update()
        == 1;
  }

  private static ApiKey key(ResultSet rs) throws SQLException {
    OffsetDateTime revokedAt = rs.getObject("revoked_at", OffsetDateTime.class);
    return new ApiKey(
        new ApiKeyId(rs.getObject("id", UUID.class)),
        new TenantId(rs.getObject("tenant_id", UUID.class)),
        new ApiKeyHash(rs.getBytes("key_hash")),
        scopes(rs.getArray("scopes")),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        revokedAt == null ? null : revokedAt.toInstant());
  }

  private static Set<Scope> scopes(Array array) throws SQLException {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    Arrays.stream((String[]) array.getArray())
        .map(
            name ->
                Scope.fromWire(name)
                    .orElseThrow(() -> new IllegalStateException("unknown stored scope " + name)))
        .forEach(scopes::add);
    return scopes;
  }
}
