package io.fetchq.api.jobs.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.usecase.JobListing;
import io.fetchq.api.jobs.usecase.JobQuery;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link JobListing} on PostgreSQL: one keyset query per page, {@code WHERE tenant_id = ? [AND
 * status = ?] [AND batch_id = ?] [AND id < ?] ORDER BY id DESC LIMIT n}, with each job's result and
 * its latest webhook delivery ({@code LEFT JOIN LATERAL}, one probe of {@code
 * webhook_deliveries_job_idx} per job) joined in, so a page is one statement whatever its size.
 * Each filter combination is a fixed statement that an index serves in id order (changeset 0005):
 * {@code jobs_tenant_created_idx}, {@code jobs_tenant_status_idx}, {@code jobs_tenant_batch_idx}.
 */
public final class JdbcJobListing implements JobListing {

  private final JobRows rows;
  private final JdbcTemplate jdbc;

  public JdbcJobListing(DataSource dataSource, ObjectMapper json) {
    this.rows = new JobRows(dataSource, json);
    this.jdbc = new JdbcTemplate(dataSource);
  }

  @Override
  public List<Job> newestFirst(JobQuery query, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1");
    }
    List<Object> params = new ArrayList<>(4);
    params.add(query.tenantId().value());
    if (query.status() != null) {
      params.add(query.status().wireName());
    }
    if (query.batchId() != null) {
      params.add(query.batchId());
    }
    if (query.before() != null) {
      params.add(query.before().value());
    }
    return jdbc.query(
        sql(query.status() != null, query.batchId() != null, query.before() != null, limit),
        (rs, row) -> rows.job(rs),
        params.toArray());
  }

  /**
   * The statement of one filter combination; parameters in the order of the conditions. The limit
   * is part of the text, not a parameter: a generic plan of a prepared statement would assume an
   * unknown limit returns a tenth of the table and could pick a merge join that reads every result
   * row.
   */
  static String sql(boolean byStatus, boolean byBatch, boolean belowCursor, int limit) {
    return JobRows.SELECT
        + " WHERE j.tenant_id = ?"
        + (byStatus ? " AND j.status = ?" : "")
        + (byBatch ? " AND j.batch_id = ?" : "")
        + (belowCursor ? " AND j.id < ?" : "")
        + " ORDER BY j.id DESC LIMIT "
        + limit;
  }
}
