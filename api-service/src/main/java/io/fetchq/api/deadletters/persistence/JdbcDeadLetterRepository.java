package io.fetchq.api.deadletters.persistence;

import io.fetchq.api.deadletters.domain.DeadLetter;
import io.fetchq.api.deadletters.domain.DeadLetterFilter;
import io.fetchq.api.deadletters.domain.DeadLetterId;
import io.fetchq.api.deadletters.domain.DeadLetterState;
import io.fetchq.api.deadletters.domain.KeysetCursor;
import io.fetchq.api.deadletters.usecase.DeadLetterRepository;
import io.fetchq.api.jobs.domain.JobError;
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
 * {@link DeadLetterRepository} on PostgreSQL with plain JDBC. Statements run on the caller's
 * transaction's connection (JDBC joins the JPA transaction), so an entry and its job change commit
 * together.
 */
public final class JdbcDeadLetterRepository implements DeadLetterRepository {

  private static final String SELECT =
      """
      SELECT id, job_id, tenant_id, url, host, failed_at, attempts, last_error_type,
             last_error_message, state, replay_count, last_replayed_at
        FROM dead_letters
      """;

  private static final String SAVE =
      """
      INSERT INTO dead_letters (id, job_id, tenant_id, url, host, failed_at, attempts,
                                last_error_type, last_error_message, state, replay_count,
                                last_replayed_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET
        job_id = EXCLUDED.job_id, tenant_id = EXCLUDED.tenant_id, url = EXCLUDED.url,
        host = EXCLUDED.host, failed_at = EXCLUDED.failed_at, attempts = EXCLUDED.attempts,
        last_error_type = EXCLUDED.last_error_type,
        last_error_message = EXCLUDED.last_error_message, state = EXCLUDED.state,
        replay_count = EXCLUDED.replay_count, last_replayed_at = EXCLUDED.last_replayed_at
      """;

  private final JdbcClient jdbc;

  public JdbcDeadLetterRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public Optional<DeadLetter> find(DeadLetterId id) {
    return jdbc.sql(SELECT + " WHERE id = ?")
        .param(id.value())
        .query((rs, row) -> entry(rs))
        .optional();
  }

  @Override
  public Optional<DeadLetter> find(TenantId tenant, DeadLetterId id) {
    return jdbc.sql(SELECT + " WHERE id = ? AND tenant_id = ?")
        .params(id.value(), tenant.value())
        .query((rs, row) -> entry(rs))
        .optional();
  }

  @Override
  public Optional<DeadLetter> lock(DeadLetterId id) {
    return jdbc.sql(SELECT + " WHERE id = ? FOR UPDATE")
        .param(id.value())
        .query((rs, row) -> entry(rs))
        .optional();
  }

  @Override
  public void save(DeadLetter entry) {
    jdbc.sql(SAVE)
        .params(
            entry.id().value(),
            entry.jobId().value(),
            entry.tenantId().value(),
            entry.url(),
            entry.host(),
            Timestamp.from(entry.failedAt()),
            entry.attempts(),
            entry.lastError().type(),
            entry.lastError().message(),
            entry.state().wireName(),
            entry.replayCount(),
            entry.lastReplayedAt() == null ? null : Timestamp.from(entry.lastReplayedAt()))
        .update();
  }

  @Override
  public List<DeadLetter> list(DeadLetterFilter filter, KeysetCursor after, int limit) {
    List<Object> params = new ArrayList<>();
    String where = where(filter, params);
    if (after != null) {
      where += " AND (failed_at, id) < (?, ?)";
      params.add(Timestamp.from(after.at()));
      params.add(after.id());
    }
    params.add(limit);
    return jdbc.sql(SELECT + " WHERE " + where + " ORDER BY failed_at DESC, id DESC LIMIT ?")
        .params(params)
        .query((rs, row) -> entry(rs))
        .list();
  }

  @Override
  public boolean delete(DeadLetterId id) {
    return jdbc.sql("DELETE FROM dead_letters WHERE id = ?").param(id.value()).update() == 1;
  }

  /**
   * The SQL condition for {@code filter} (columns of {@code dead_letters}, unqualified), its
   * parameters appended to {@code params}. Each part can use an index of changeset 0002 or 0006.
   */
  static String where(DeadLetterFilter filter, List<Object> params) {
    StringBuilder where = new StringBuilder("true");
    if (filter.tenant() != null) {
      where.append(" AND tenant_id = ?");
      params.add(filter.tenant().value());
    }
    if (filter.host() != null) {
      where.append(" AND host = ?");
      params.add(filter.host());
    }
    if (filter.errorType() != null) {
      where.append(" AND last_error_type = ?");
      params.add(filter.errorType());
    }
    if (filter.since() != null) {
      where.append(" AND failed_at >= ?");
      params.add(Timestamp.from(filter.since()));
    }
    if (filter.until() != null) {
      where.append(" AND failed_at < ?");
      params.add(Timestamp.from(filter.until()));
    }
    if (filter.state() != null) {
      where.append(" AND state = ?");
      params.add(filter.state().wireName());
    }
    return where.toString();
  }

  private static DeadLetter entry(ResultSet rs) throws SQLException {
    return new DeadLetter(
        new DeadLetterId(rs.getObject("id", UUID.class)),
        new JobId(rs.getObject("job_id", UUID.class)),
        new TenantId(rs.getObject("tenant_id", UUID.class)),
        rs.getString("url"),
        rs.getString("host"),
        instant(rs, "failed_at"),
        rs.getInt("attempts"),
        new JobError(rs.getString("last_error_type"), rs.getString("last_error_message")),
        DeadLetterState.fromWire(rs.getString("state")),
        rs.getInt("replay_count"),
        instant(rs, "last_replayed_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
