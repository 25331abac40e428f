package io.fetchq.api.jobs.persistence;

import io.fetchq.api.jobs.domain.AttemptOutcome;
import io.fetchq.api.jobs.domain.JobAttempt;
import io.fetchq.api.jobs.domain.JobError;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.usecase.JobAttemptRepository;
import io.fetchq.api.tenants.domain.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link JobAttemptRepository} on PostgreSQL with plain JDBC: the API only reads {@code
 * job_attempts} (the workers write it), so a query is all it needs. The query joins the job to
 * check its tenant, so another tenant's attempts are never read.
 */
public final class JdbcJobAttemptRepository implements JobAttemptRepository {

  private static final String LIST =
      """
      SELECT a.attempt, a.started_at, a.duration_ms, a.outcome, a.status_code, a.error_type,
             a.error_message
        FROM job_attempts a
        JOIN jobs j ON j.id = a.job_id
       WHERE a.job_id = ? AND a.generation = ? AND j.tenant_id = ?
       ORDER BY a.attempt
      """;

  private final JdbcClient jdbc;

  public JdbcJobAttemptRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public List<JobAttempt> list(TenantId tenant, JobId jobId, int generation) {
    return jdbc.sql(LIST)
        .params(jobId.value(), generation, tenant.value())
        .query((rs, row) -> attempt(rs))
        .list();
  }

  private static JobAttempt attempt(ResultSet rs) throws SQLException {
    String errorType = rs.getString("error_type");
    String errorMessage = rs.getString("error_message");
    return new JobAttempt(
        rs.getInt("attempt"),
        rs.getObject("started_at", OffsetDateTime.class).toInstant(),
        rs.getInt("duration_ms"),
        AttemptOutcome.fromWire(rs.getString("outcome")),
        rs.getObject("status_code", Integer.class),
        errorType == null
            ? null
            : new JobError(errorType, errorMessage == null ? "" : errorMessage));
  }
}
