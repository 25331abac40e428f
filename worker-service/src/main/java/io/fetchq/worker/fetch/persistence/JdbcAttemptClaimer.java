package io.fetchq.worker.fetch.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.worker.fetch.domain.AttemptRef;
import io.fetchq.worker.fetch.domain.ClaimedJob;
import io.fetchq.worker.fetch.domain.FetchRequest;
import io.fetchq.worker.fetch.domain.JobId;
import io.fetchq.worker.fetch.domain.TenantId;
import io.fetchq.worker.fetch.usecase.AttemptClaimer;
import java.net.URI;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Claims a whole poll batch with one conditional {@code UPDATE ... FROM unnest(...) RETURNING}: the
 * row guard is the shared claim rule (see {@link AttemptClaimer#claim}).
 */
public final class JdbcAttemptClaimer implements AttemptClaimer {

  private static final Logger log = LoggerFactory.getLogger(JdbcAttemptClaimer.class);

  static final String CLAIM_SQL =
      """
      UPDATE jobs j
         SET status = 'running', attempts = c.attempt, next_attempt_at = NULL, updated_at = now()
        FROM unnest(?::uuid[], ?::int[]) AS c(id, attempt)
       WHERE j.id = c.id
         AND ((j.status IN ('queued', 'retrying') AND j.attempts = c.attempt - 1)
              OR (j.status = 'running' AND j.attempts = c.attempt))
      RETURNING j.id, j.tenant_id, j.method, j.url, j.request_headers::text AS request_headers,
                j.request_body, j.timeout_ms, j.follow_redirects, j.attempts
      """;

  private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  public JdbcAttemptClaimer(DataSource dataSource, ObjectMapper json) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.json = json;
  }

  @Override
  public List<ClaimedJob> claim(List<AttemptRef> attempts) {
    if (attempts.isEmpty()) {
      return List.of();
    }
    UUID[] ids = attempts.stream().map(a -> a.jobId().value()).toArray(UUID[]::new);
    Integer[] numbers = attempts.stream().map(AttemptRef::attempt).toArray(Integer[]::new);
    List<ClaimedJob> claimed = new ArrayList<>(attempts.size());
    jdbc.execute(
        (Connection con) -> {
          PreparedStatement ps = con.prepareStatement(CLAIM_SQL);
          Array idArray = con.createArrayOf("uuid", ids);
          Array attemptArray = con.createArrayOf("int4", numbers);
          ps.setArray(1, idArray);
          ps.setArray(2, attemptArray);
          return ps;
        },
        (PreparedStatement ps) -> {
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              map(rs, claimed);
            }
          }
          return null;
        });
    return claimed;
  }

  private void map(ResultSet rs, List<ClaimedJob> into) throws SQLException {
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
      into.add(
          new ClaimedJob(
              new JobId(id),
              new TenantId(rs.getObject("tenant_id", UUID.class)),
              rs.getInt("attempts"),
              request));
    } catch (IllegalArgumentException | JsonProcessingException e) {
      // The API validated the request; a row that still does not map cannot be fetched. It stays
      // running until an operator (or the later stuck-job sweeper) deals with it.
      log.error(
          "claimed job row is invalid, skipping jobId={} reason={}",
          id,
          e.getClass().getSimpleName());
    }
  }
}
