package io.fetchq.api.batches.persistence;

import io.fetchq.api.batches.domain.Batch;
import io.fetchq.api.batches.domain.BatchCounts;
import io.fetchq.api.batches.domain.BatchId;
import io.fetchq.api.batches.domain.BatchProgress;
import io.fetchq.api.batches.usecase.BatchRepository;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.tenants.domain.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link BatchRepository} on PostgreSQL with plain JDBC, on the caller's transaction's connection.
 * A batch's progress is one statement: the batch row and an aggregate over its jobs, which {@code
 * jobs_tenant_batch_idx} finds (at most 1000 rows), so nothing is kept in step when jobs change.
 */
public final class JdbcBatchRepository implements BatchRepository {

  private static final String INSERT =
      "INSERT INTO batches (id, tenant_id, size, callback_url, created_at) VALUES (?, ?, ?, ?, ?)";

  private static final String EXISTS =
      "SELECT EXISTS (SELECT 1 FROM batches WHERE id = ? AND tenant_id = ?)";

  /** The progress statement; public so the plan test can EXPLAIN exactly what runs. */
  public static final String PROGRESS =
      """
      SELECT b.id, b.tenant_id, b.size, b.callback_url, b.created_at,
             c.queued, c.running, c.retrying, c.completed, c.failed, c.cancelled, c.last_terminal_at
        FROM batches b
        CROSS JOIN LATERAL (
          SELECT count(*) FILTER (WHERE j.status = 'queued')    AS queued,
                 count(*) FILTER (WHERE j.status = 'running')   AS running,
                 count(*) FILTER (WHERE j.status = 'retrying')  AS retrying,
                 count(*) FILTER (WHERE j.status = 'completed') AS completed,
                 count(*) FILTER (WHERE j.status = 'failed')    AS failed,
                 count(*) FILTER (WHERE j.status = 'cancelled') AS cancelled,
                 max(j.completed_at)                            AS last_terminal_at
            FROM jobs j
           WHERE j.tenant_id = b.tenant_id AND j.batch_id = b.id
        ) c
       WHERE b.id = ? AND b.tenant_id = ?
      """;

  private static final String JOB_IDS =
      "SELECT id FROM jobs WHERE tenant_id = ? AND batch_id = ? ORDER BY id";

  private final JdbcClient jdbc;

  public JdbcBatchRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public void add(Batch batch) {
    try {
      jdbc.sql(INSERT)
          .params(
              batch.id().value(),
              batch.tenantId().value(),
              batch.size(),
              batch.callbackUrl(),
              OffsetDateTime.ofInstant(batch.createdAt(), ZoneOffset.UTC))
          .update();
    } catch (DataIntegrityViolationException e) {
      throw new IllegalStateException(
          "could not store batch id=" + batch.id() + ": it exists or its tenant does not", e);
    }
  }

  @Override
  public boolean exists(TenantId tenant, BatchId id) {
    return jdbc.sql(EXISTS).params(id.value(), tenant.value()).query(Boolean.class).single();
  }

  @Override
  public Optional<BatchProgress> progress(TenantId tenant, BatchId id) {
    return jdbc.sql(PROGRESS)
        .params(id.value(), tenant.value())
        .query((rs, row) -> progress(rs))
        .optional();
  }

  @Override
  public List<JobId> jobIds(TenantId tenant, BatchId id) {
    return jdbc.sql(JOB_IDS)
        .params(tenant.value(), id.value())
        .query((rs, row) -> new JobId(rs.getObject(1, UUID.class)))
        .list();
  }

  private static BatchProgress progress(ResultSet rs) throws SQLException {
    Batch batch =
        new Batch(
            new BatchId(rs.getObject("id", UUID.class)),
            new TenantId(rs.getObject("tenant_id", UUID.class)),
            rs.getInt("size"),
            rs.getString("callback_url"),
            instant(rs, "created_at"));
    BatchCounts counts =
        new BatchCounts(
            rs.getInt("queued"),
            rs.getInt("running"),
            rs.getInt("retrying"),
            rs.getInt("completed"),
            rs.getInt("failed"),
            rs.getInt("cancelled"));
    return new BatchProgress(batch, counts, instant(rs, "last_terminal_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
