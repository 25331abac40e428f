package io.fetchq.worker.fetch.persistence;

import io.fetchq.worker.fetch.domain.ClaimedJob;
import io.fetchq.worker.fetch.usecase.AttemptReleaser;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** Undoes a claim with one guarded {@code UPDATE}. */
public final class JdbcAttemptReleaser implements AttemptReleaser {

  static final String RELEASE_SQL =
      """
      UPDATE jobs
         SET status = CASE WHEN attempts - 1 = 0 THEN 'queued' ELSE 'retrying' END,
             attempts = attempts - 1, next_attempt_at = ?, updated_at = now()
       WHERE id = ? AND status = 'running' AND attempts = ? AND generation = ?
      """;

  private final JdbcTemplate jdbc;

  public JdbcAttemptReleaser(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
  }

  @Override
  public boolean release(ClaimedJob job, Instant until) {
    return jdbc.update(
            RELEASE_SQL,
            Timestamp.from(until),
            job.jobId().value(),
            job.attempt(),
            job.generation())
        == 1;
  }
}
