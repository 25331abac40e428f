package io.fetchq.api.jobs.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.api.jobs.domain.CallbackDelivery;
import io.fetchq.api.jobs.domain.CallbackStatus;
import io.fetchq.api.jobs.domain.HttpMethod;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobError;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.jobs.domain.JobResult;
import io.fetchq.api.jobs.domain.RequestBody;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.tracing.Tracing;
import io.fetchq.kernel.jobs.JobStatus;
import io.fetchq.kernel.jobs.RetryPolicy;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows of {@code jobs} with plain JDBC, for the bulk paths JPA is slow at: inserting a batch's jobs
 * with multi-row {@code INSERT ... VALUES} statements, a group commit's jobs as one JDBC batch, and
 * reading a page of jobs with their results in one query. Writes exactly the columns {@link
 * JobEntity} writes, so a job stored here reads back through JPA unchanged, and the other way
 * round.
 */
final class JobRows {

  /** Rows per INSERT statement: 27 parameters each, far below PostgreSQL's 65535 per statement. */
  static final int ROWS_PER_INSERT = 250;

  private static final String COLUMNS =
      "id, tenant_id, batch_id, status, method, url, request_headers, request_body,"
          + " request_body_base64, timeout_ms, follow_redirects, max_attempts,"
          + " retry_initial_delay_ms, retry_multiplier, retry_max_delay_ms, callback_url, metadata,"
          + " attempts, generation, next_attempt_at, last_error_type, last_error_message,"
          + " created_at, updated_at, completed_at, trace_parent, trace_state";

  private static final String ROW =
      "(?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /**
   * The columns a read selects: every job column, the result's prefixed with {@code r_}, and the
   * job's latest webhook delivery's prefixed with {@code d_} (one index probe per job: {@code
   * webhook_deliveries_job_idx}).
   */
  static final String SELECT =
      """
      SELECT j.id, j.tenant_id, j.batch_id, j.status, j.method, j.url,
             j.request_headers::text AS request_headers, j.request_body, j.request_body_base64,
             j.timeout_ms, j.follow_redirects, j.max_attempts, j.retry_initial_delay_ms,
             j.retry_multiplier, j.retry_max_delay_ms, j.callback_url, j.metadata::text AS metadata,
             j.attempts, j.generation, j.next_attempt_at, j.last_error_type, j.last_error_message,
             j.created_at, j.updated_at, j.completed_at,
             r.job_id AS r_job_id, r.status_code AS r_status_code, r.headers::text AS r_headers,
             r.body AS r_body, r.body_truncated AS r_body_truncated, r.body_size AS r_body_size,
             r.duration_ms AS r_duration_ms, r.fetched_at AS r_fetched_at,
             d.state AS d_state, d.attempts AS d_attempts, d.last_status_code AS d_last_status_code
        FROM jobs j
        LEFT JOIN job_results r ON r.job_id = j.id
        LEFT JOIN LATERAL (
          SELECT w.state, w.attempts, w.last_status_code
            FROM webhook_deliveries w
           WHERE w.job_id = j.id
           ORDER BY w.occurred_at DESC
           LIMIT 1
        ) d ON true
      """;

  /** The latest webhook delivery of one job. */
  private static final String LATEST_DELIVERY =
      """
      SELECT state AS d_state, attempts AS d_attempts, last_status_code AS d_last_status_code
        FROM webhook_deliveries
       WHERE job_id = ?
       ORDER BY occurred_at DESC
       LIMIT 1
      """;

  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

  /**
   * For the rest of the transaction, PostgreSQL's default plan caching instead of the pool's {@code
   * force_custom_plan} (ARCHITECTURE.md "PostgreSQL plans"). An insert checks each row's tenant
   * (the foreign key) with a query of its own, and with custom plans every one of those checks is
   * planned anew: in bench/run, planning was 29 % of PostgreSQL's CPU, two fifths of it in such
   * checks. A cached plan of a key lookup stays an index scan however the table grows ({@code
   * CachedPlansIT}); the statements that follow an insert in its transactions are inserts and key
   * lookups.
   */
  static final String CACHED_PLANS_FOR_THIS_TRANSACTION = "SET LOCAL plan_cache_mode = auto";

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  JobRows(DataSource dataSource, ObjectMapper json) {
    this.jdbc = new JdbcTemplate(Objects.requireNonNull(dataSource, "dataSource"));
    this.json = Objects.requireNonNull(json, "json");
  }

  /**
   * Inserts {@code jobs} with as few statements as possible, on the caller's transaction's
   * connection, each with the trace context of the request that accepted them.
   *
   * @throws IllegalStateException if a job id exists or a tenant does not
   */
  void insertAll(List<Job> jobs, String traceParent, String traceState) {
    if (jobs.size() > 1) {
      // one job has one check: not worth the round trip
      jdbc.execute(CACHED_PLANS_FOR_THIS_TRANSACTION);
    }
    try {
      for (int from = 0; from < jobs.size(); from += ROWS_PER_INSERT) {
        List<Job> chunk = jobs.subList(from, Math.min(jobs.size(), from + ROWS_PER_INSERT));
        jdbc.update(
            insertSql(chunk.size()), statement -> bind(statement, chunk, traceParent, traceState));
      }
    } catch (DataIntegrityViolationException e) {
      throw new IllegalStateException(
          jobs.size() == 1
              ? "could not store job id="
                  + jobs.getFirst().id()
                  + ": it exists or its tenant does not"
              : "could not store "
                  + jobs.size()
                  + " jobs: an id exists, or their tenant or batch does not",
          e);
    }
  }

  /**
   * Inserts {@code jobs}, each with its own trace context ({@code traces}, same order: the {@code
   * traceparent} and {@code tracestate} of the request that accepted it), as one JDBC batch of
   * single-row inserts: one statement text whatever the count (prepared once), sent in one round
   * trip. For group commit, whose groups vary in size.
   *
   * @throws IllegalStateException if a job id exists or a tenant does not
   */
  void insertEach(List<Job> jobs, List<Map<String, String>> traces) {
    if (jobs.size() != traces.size()) {
      throw new IllegalArgumentException("one trace context per job");
    }
    jdbc.execute(CACHED_PLANS_FOR_THIS_TRANSACTION);
    try {
      jdbc.batchUpdate(
          insertSql(1),
          new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement statement, int i) throws SQLException {
              Map<String, String> trace = traces.get(i);
              bind(
                  statement,
                  1,
                  jobs.get(i),
                  trace.get(Tracing.TRACEPARENT),
                  trace.get(Tracing.TRACESTATE));
            }

            @Override
            public int getBatchSize() {
              return jobs.size();
            }
          });
    } catch (DataIntegrityViolationException e) {
      throw new IllegalStateException(
          "could not store " + jobs.size() + " jobs: an id exists, or a tenant does not", e);
    }
  }

  static String insertSql(int rows) {
    StringBuilder sql = new StringBuilder("INSERT INTO jobs (").append(COLUMNS).append(") VALUES ");
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? "" : ", ").append(ROW);
    }
    return sql.toString();
  }

  private void bind(
      PreparedStatement statement, List<Job> jobs, String traceParent, String traceState)
      throws SQLException {
    int p = 1;
    for (Job job : jobs) {
      p = bind(statement, p, job, traceParent, traceState);
    }
  }

  /** Binds one row's 27 parameters from {@code p} on; returns the next parameter's index. */
  private int bind(
      PreparedStatement statement, int first, Job job, String traceParent, String traceState)
      throws SQLException {
    int p = first;
    JobRequest request = job.request();
    RetryPolicy retry = request.retryPolicy();
    RequestBody body = request.body();
    JobError error = job.lastError();
    statement.setObject(p++, job.id().value());
    statement.setObject(p++, job.tenantId().value());
    setUuid(statement, p++, job.batchId());
    statement.setString(p++, job.status().wireName());
    statement.setString(p++, request.method().name());
    statement.setString(p++, request.url());
    statement.setString(p++, write(request.headers()));
    statement.setBytes(p++, body == null ? null : body.bytes());
    statement.setBoolean(p++, body != null && body.submittedAsBase64());
    statement.setInt(p++, Math.toIntExact(request.timeout().toMillis()));
    statement.setBoolean(p++, request.followRedirects());
    statement.setInt(p++, retry.maxAttempts());
    statement.setLong(p++, retry.initialDelay().toMillis());
    statement.setDouble(p++, retry.multiplier());
    statement.setLong(p++, retry.maxDelay().toMillis());
    statement.setString(p++, request.callbackUrl());
    statement.setString(p++, write(request.metadata()));
    statement.setInt(p++, job.attempts());
    statement.setInt(p++, job.generation());
    setInstant(statement, p++, job.nextAttemptAt());
    statement.setString(p++, error == null ? null : error.type());
    statement.setString(p++, error == null ? null : error.message());
    setInstant(statement, p++, job.createdAt());
    setInstant(statement, p++, job.updatedAt());
    setInstant(statement, p++, job.completedAt());
    statement.setString(p++, traceParent);
    statement.setString(p++, traceState);
    return p;
  }

  /** The job in the current row of a result set selected with {@link #SELECT}. */
  Job job(ResultSet rs) throws SQLException {
    JobRequest request =
        new JobRequest(
            rs.getString("url"),
            HttpMethod.valueOf(rs.getString("method")),
            read(rs.getString("request_headers")),
            requestBody(rs),
            Duration.ofMillis(rs.getInt("timeout_ms")),
            rs.getBoolean("follow_redirects"),
            new RetryPolicy(
                rs.getInt("max_attempts"),
                Duration.ofMillis(rs.getLong("retry_initial_delay_ms")),
                rs.getDouble("retry_multiplier"),
                Duration.ofMillis(rs.getLong("retry_max_delay_ms"))),
            rs.getString("callback_url"),
            read(rs.getString("metadata")));
    String errorType = rs.getString("last_error_type");
    String errorMessage = rs.getString("last_error_message");
    return new Job(
        new JobId(rs.getObject("id", UUID.class)),
        new TenantId(rs.getObject("tenant_id", UUID.class)),
        rs.getObject("batch_id", UUID.class),
        JobStatus.fromWire(rs.getString("status")),
        request,
        rs.getInt("attempts"),
        rs.getInt("generation"),
        instant(rs, "next_attempt_at"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        instant(rs, "completed_at"),
        result(rs),
        errorType == null
            ? null
            : new JobError(errorType, errorMessage == null ? "" : errorMessage),
        delivery(rs));
  }

  /** The latest webhook delivery of job {@code id}, or null when it has none. */
  CallbackDelivery latestDelivery(UUID id) {
    List<CallbackDelivery> found = jdbc.query(LATEST_DELIVERY, (rs, row) -> delivery(rs), id);
    return found.isEmpty() ? null : found.getFirst();
  }

  /** The {@code d_} columns of the current row as a delivery, or null when they are null. */
  private static CallbackDelivery delivery(ResultSet rs) throws SQLException {
    String state = rs.getString("d_state");
    if (state == null) {
      return null;
    }
    return new CallbackDelivery(
        CallbackStatus.ofDeliveryState(state),
        rs.getInt("d_attempts"),
        rs.getObject("d_last_status_code", Integer.class));
  }

  private static RequestBody requestBody(ResultSet rs) throws SQLException {
    byte[] bytes = rs.getBytes("request_body");
    return bytes == null ? null : new RequestBody(bytes, rs.getBoolean("request_body_base64"));
  }

  private JobResult result(ResultSet rs) throws SQLException {
    if (rs.getObject("r_job_id") == null) {
      return null;
    }
    return new JobResult(
        rs.getInt("r_status_code"),
        read(rs.getString("r_headers")),
        rs.getBytes("r_body"),
        rs.getBoolean("r_body_truncated"),
        rs.getObject("r_body_size", Long.class),
        rs.getInt("r_duration_ms"),
        instant(rs, "r_fetched_at"));
  }

  private static void setUuid(PreparedStatement statement, int index, UUID value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.OTHER);
    } else {
      statement.setObject(index, value);
    }
  }

  private static void setInstant(PreparedStatement statement, int index, Instant value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
    }
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private String write(Map<String, String> map) {
    try {
      return json.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not serialise a string map", e);
    }
  }

  private Map<String, String> read(String text) {
    if (text == null || text.isEmpty()) {
      return Map.of();
    }
    try {
      return json.readValue(text, STRING_MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a jobs row holds JSON that is not a string map", e);
    }
  }
}
