package io.fetchq.api.jobs.persistence;

import io.fetchq.api.jobs.domain.AttemptOutcome;
import io.fetchq.api.jobs.domain.JobAttempt;
import io.fetchq.api.jobs.domain.JobError;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.usecase.JobAttemptRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link JobAttemptRepository} on PostgreSQL with plain JDBC: the API only reads {@code
 * job_attempts} (the workers write it), so a query is all it needs.
 */
public final class JdbcJobAttemptRepository implements JobAttemptRepository {

  private static final String LIST =
      """
      SELECT attempt, started_at, duration_ms, outcome, status_code, error_type, error_message
        FROM job_attempts
       WHERE job_id = ? AND generation = ?
       ORDER BY attempt
      """;

  private final JdbcClient jdbc;

  public JdbcJobAttemptRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public List<JobAttempt> list(JobId jobId, int generation) {
    return jdbc.sql(LIST).params(jobId.value(), generation).query((rs, row) -> attempt(rs)).list();
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
