package io.fetchq.worker.fetch.persistence;

import io.fetchq.worker.fetch.domain.AttemptOutcome;
import io.fetchq.worker.fetch.domain.JobId;
import io.fetchq.worker.fetch.domain.PastAttempt;
import io.fetchq.worker.fetch.usecase.AttemptHistory;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads {@code job_attempts}. */
public final class JdbcAttemptHistory implements AttemptHistory {

  static final String SELECT_SQL =
      """
      SELECT attempt, started_at, duration_ms, outcome, status_code, error_type, error_message
        FROM job_attempts
       WHERE job_id = ? AND generation = ?
       ORDER BY attempt
      """;

  private final JdbcTemplate jdbc;

  public JdbcAttemptHistory(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
  }

  @Override
  public List<PastAttempt> attempts(JobId jobId, int generation) {
    return jdbc.query(
        SELECT_SQL,
        (rs, row) ->
            new PastAttempt(
                rs.getInt("attempt"),
                rs.getTimestamp("started_at").toInstant(),
                rs.getLong("duration_ms"),
                AttemptOutcome.fromWire(rs.getString("outcome")),
                rs.getObject("status_code", Integer.class),
                rs.getString("error_type"),
                rs.getString("error_message")),
        jobId.value(),
        generation);
  }
}
