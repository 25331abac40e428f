package io.fetchq.worker.fetch.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.kernel.jobs.RetryPolicy;
import io.fetchq.worker.fetch.domain.AttemptRef;
import io.fetchq.worker.fetch.domain.ClaimResult;
import io.fetchq.worker.fetch.domain.ClaimedJob;
import io.fetchq.worker.fetch.domain.FetchRequest;
import io.fetchq.worker.fetch.domain.FollowUp;
import io.fetchq.worker.fetch.domain.JobError;
import io.fetchq.worker.fetch.domain.JobId;
import io.fetchq.worker.fetch.domain.TenantId;
import io.fetchq.worker.fetch.usecase.AttemptClaimer;
import java.net.URI;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Claims a whole poll batch with one statement: a conditional {@code UPDATE ... FROM unnest(...)
 * RETURNING} (the shared claim rule, see {@link AttemptClaimer#claim}) plus, in the same statement,
 * a look-up of the attempts whose outcome is recorded but whose follow-up may be missing. Both read
 * the same snapshot, so a row is never both claimed and pending for the same attempt.
 */
public final class JdbcAttemptClaimer implements AttemptClaimer {

  private static final Logger log = LoggerFactory.getLogger(JdbcAttemptClaimer.class);

  private static final List<String> COLUMNS =
      List.of(
          "id",
          "tenant_id",
          "generation",
          "attempts",
          "status",
          "method",
          "url",
          "request_headers::text AS request_headers",
          "request_body",
          "timeout_ms",
          "follow_redirects",
          "max_attempts",
          "retry_initial_delay_ms",
          "retry_multiplier",
          "retry_max_delay_ms",
          "next_attempt_at",
          "last_error_type",
          "last_error_message",
          "completed_at",
          "updated_at",
          "created_at");

  static final String CLAIM_SQL =
      """
      WITH c AS (
        SELECT * FROM unnest(?::uuid[], ?::int[], ?::int[]) AS c(id, generation, attempt)
      ), claimed AS (
        UPDATE jobs j
           SET status = 'running', attempts = c.attempt, next_attempt_at = NULL, updated_at = now()
          FROM c
         WHERE j.id = c.id AND j.generation = c.generation
           AND ((j.status IN ('queued', 'retrying') AND j.attempts = c.attempt - 1)
                OR (j.status = 'running' AND j.attempts = c.attempt))
        RETURNING j.*
      )
      SELECT true AS claimed, %s FROM claimed u
      UNION ALL
      SELECT false AS claimed, %s
        FROM jobs j JOIN c ON j.id = c.id AND j.generation = c.generation
                           AND j.attempts = c.attempt
       WHERE j.status IN ('retrying', 'failed')
      """
          .formatted(columns("u"), columns("j"));

  private static String columns(String alias) {
    return String.join(", ", COLUMNS.stream().map(c -> alias + "." + c).toList());
  }

  private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  public JdbcAttemptClaimer(DataSource dataSource, ObjectMapper json) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.json = json;
  }

  @Override
  public List<ClaimResult> claim(List<AttemptRef> attempts) {
    if (attempts.isEmpty()) {
      return List.of();
    }
    UUID[] ids = attempts.stream().map(a -> a.jobId().value()).toArray(UUID[]::new);
    Integer[] generations = attempts.stream().map(AttemptRef::generation).toArray(Integer[]::new);
    Integer[] numbers = attempts.stream().map(AttemptRef::attempt).toArray(Integer[]::new);
    List<ClaimResult> results = new ArrayList<>(attempts.size());
    jdbc.execute(
        (Connection con) -> {
          PreparedStatement ps = con.prepareStatement(CLAIM_SQL);
          Array idArray = con.createArrayOf("uuid", ids);
          Array generationArray = con.createArrayOf("int4", generations);
          Array attemptArray = con.createArrayOf("int4", numbers);
          ps.setArray(1, idArray);
          ps.setArray(2, generationArray);
          ps.setArray(3, attemptArray);
          return ps;
        },
        (PreparedStatement ps) -> {
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              if (rs.getBoolean("claimed")) {
                claimed(rs, results);
              } else {
                pending(rs, results);
              }
            }
          }
          return null;
        });
    return results;
  }

  private void claimed(ResultSet rs, List<ClaimResult> into) throws SQLException {
    UUID id = rs.getObject("id", UUID.class);
    try {
      FetchRequest request =
          new FetchRequest(
              rs.getString("method"),
              URI.create(rs.getString("url")),
              json.readValue(rs.getString("request_headers"), HEADERS),
              rs.getBytes("request_body"),
              Duration.ofMillis(rs.getInt("timeout_ms")),
              rs.getBoolean("follow_redirects"));
      RetryPolicy policy =
          new RetryPolicy(
              rs.getInt("max_attempts"),
              Duration.ofMillis(rs.getLong("retry_initial_delay_ms")),
              rs.getDouble("retry_multiplier"),
              Duration.ofMillis(rs.getLong("retry_max_delay_ms")));
      into.add(
          new ClaimResult.Claimed(
              new ClaimedJob(
                  new JobId(id),
                  new TenantId(rs.getObject("tenant_id", UUID.class)),
                  rs.getInt("generation"),
                  rs.getInt("attempts"),
                  request,
                  policy,
                  rs.getTimestamp("created_at").toInstant())));
    } catch (IllegalArgumentException | JsonProcessingException e) {
      // The API validated the request; a row that still does not map cannot be fetched. It stays
      // running until an operator (or the later stuck-job sweeper) deals with it.
      log.error(
          "claimed job row is invalid, skipping jobId={} reason={}",
          id,
          e.getClass().getSimpleName());
    }
  }

  private static void pending(ResultSet rs, List<ClaimResult> into) throws SQLException {
    JobId jobId = new JobId(rs.getObject("id", UUID.class));
    TenantId tenantId = new TenantId(rs.getObject("tenant_id", UUID.class));
    int generation = rs.getInt("generation");
    int attempts = rs.getInt("attempts");
    AttemptRef ref = new AttemptRef(jobId, generation, attempts);
    FollowUp followUp;
    if ("retrying".equals(rs.getString("status"))) {
      Instant due = instant(rs.getTimestamp("next_attempt_at"));
      followUp =
          new FollowUp.Retry(
              jobId,
              tenantId,
              generation,
              attempts + 1,
              due == null ? Instant.EPOCH : due,
              FollowUp.hostOf(rs.getString("url")));
    } else {
      Instant failedAt = instant(rs.getTimestamp("completed_at"));
      String type = rs.getString("last_error_type");
      followUp =
          new FollowUp.DeadLetter(
              jobId,
              tenantId,
              generation,
              rs.getString("url"),
              failedAt == null ? instant(rs.getTimestamp("updated_at")) : failedAt,
              new JobError(type == null ? "unknown" : type, rs.getString("last_error_message")));
    }
    into.add(new ClaimResult.FollowUpPending(ref, followUp));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
