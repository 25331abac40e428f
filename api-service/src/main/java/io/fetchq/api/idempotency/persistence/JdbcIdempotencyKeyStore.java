package io.fetchq.api.idempotency.persistence;

import io.fetchq.api.idempotency.domain.IdempotencyKey;
import io.fetchq.api.idempotency.domain.IdempotencyRecord;
import io.fetchq.api.idempotency.domain.IdempotentResource;
import io.fetchq.api.idempotency.domain.RequestFingerprint;
import io.fetchq.api.idempotency.usecase.IdempotencyKeyStore;
import io.fetchq.api.tenants.domain.TenantId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 * {@link IdempotencyKeyStore} on PostgreSQL with plain JDBC, joining the caller's transaction.
 *
 * <ul>
 *   <li>The processing lock is a transaction-scoped advisory lock ({@code
 *       pg_try_advisory_xact_lock}) on 64 bits of SHA-256 over the tenant and the key: released by
 *       PostgreSQL when the transaction ends or its connection is lost, so it never outlives a dead
 *       request. Two different keys sharing those 64 bits would at worst answer 409 to each other
 *       while both are in flight.
 *   <li>A claim is one statement, {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE expired}: it
 *       inserts, or replaces an expired record, or leaves a live one alone, atomically.
 *   <li>The purge deletes one bounded batch per statement ({@code FOR UPDATE SKIP LOCKED}), oldest
 *       expiry first, on the expiry index.
 * </ul>
 */
public final class JdbcIdempotencyKeyStore implements IdempotencyKeyStore {

  private static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock(?)";

  private static final String CLAIM =
      """
      INSERT INTO idempotency_keys (tenant_id, idempotency_key, resource_type, fingerprint,
                                    resource_id, created_at, expires_at)
      VALUES (?, ?, ?, ?, NULL, ?, ?)
      ON CONFLICT (tenant_id, idempotency_key) DO UPDATE
         SET resource_type = EXCLUDED.resource_type,
             fingerprint   = EXCLUDED.fingerprint,
             resource_id   = NULL,
             created_at    = EXCLUDED.created_at,
             expires_at    = EXCLUDED.expires_at
       WHERE idempotency_keys.expires_at <= EXCLUDED.created_at
      """;

  private static final String FIND =
      """
      SELECT tenant_id, idempotency_key, resource_type, fingerprint, resource_id, created_at,
             expires_at
        FROM idempotency_keys
       WHERE tenant_id = ? AND idempotency_key = ?
      """;

  private static final String COMPLETE =
      """
      UPDATE idempotency_keys SET resource_id = ?
       WHERE tenant_id = ? AND idempotency_key = ?
      """;

  private static final String DELETE_EXPIRED =
      """
      DELETE FROM idempotency_keys
       WHERE (tenant_id, idempotency_key) IN (
             SELECT tenant_id, idempotency_key
               FROM idempotency_keys
              WHERE expires_at <= ?
              ORDER BY expires_at
              LIMIT ?
                FOR UPDATE SKIP LOCKED)
      """;

  /** A live record can vanish between the claim and the read only by expiring meanwhile. */
  private static final int CLAIM_ATTEMPTS = 3;

  private final JdbcClient jdbc;

  public JdbcIdempotencyKeyStore(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public boolean tryLock(TenantId tenant, IdempotencyKey key) {
    return jdbc.sql(TRY_LOCK).param(lockId(tenant, key)).query(Boolean.class).single();
  }

  @Override
  public Optional<IdempotencyRecord> claim(IdempotencyRecord record) {
    for (int attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
      int stored =
          jdbc.sql(CLAIM)
              .params(
                  record.tenantId().value(),
                  record.key().value(),
                  record.resource().wireName(),
                  record.fingerprint().bytes(),
                  utc(record.createdAt()),
                  utc(record.expiresAt()))
              .update();
      if (stored == 1) {
        return Optional.empty();
      }
      Optional<IdempotencyRecord> holder =
          jdbc.sql(FIND)
              .params(record.tenantId().value(), record.key().value())
              .query((rs, row) -> record(rs))
              .optional();
      if (holder.isPresent()) {
        return holder;
      }
    }
    throw new IllegalStateException("could not claim an idempotency key that keeps vanishing");
  }

  @Override
  public void complete(TenantId tenant, IdempotencyKey key, UUID resourceId) {
    int updated = jdbc.sql(COMPLETE).params(resourceId, tenant.value(), key.value()).update();
    if (updated != 1) {
      throw new IllegalStateException("no idempotency key to complete");
    }
  }

  @Override
  public int deleteExpired(Instant now, int limit) {
    return jdbc.sql(DELETE_EXPIRED).params(utc(now), limit).update();
  }

  /** 64 bits of SHA-256 over the tenant id and the key: the advisory lock of that key. */
  static long lockId(TenantId tenant, IdempotencyKey key) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
    UUID id = tenant.value();
    sha256.update(
        ByteBuffer.allocate(16)
            .putLong(id.getMostSignificantBits())
            .putLong(id.getLeastSignificantBits())
            .array());
    sha256.update(key.value().getBytes(StandardCharsets.US_ASCII));
    return ByteBuffer.wrap(sha256.digest()).getLong();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static IdempotencyRecord record(ResultSet rs) throws SQLException {
    return new IdempotencyRecord(
        new TenantId(rs.getObject("tenant_id", UUID.class)),
        new IdempotencyKey(rs.getString("idempotency_key")),
        IdempotentResource.fromWireName(rs.getString("resource_type")),
        RequestFingerprint.fromBytes(rs.getBytes("fingerprint")),
        rs.getObject("resource_id", UUID.class),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getObject("expires_at", OffsetDateTime.class).toInstant());
  }
}
