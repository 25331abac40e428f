package io.fetchq.worker.fetch.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.worker.fetch.domain.AttemptTiming;
import io.fetchq.worker.fetch.domain.FetchError;
import io.fetchq.worker.fetch.domain.FetchOutcome;
import io.fetchq.worker.fetch.domain.FetchResponse;
import io.fetchq.worker.fetch.domain.JobError;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The set-based statements of an outcome flush: the guarded job updates, the attempt-history
 * inserts and the result upserts, each one statement over arrays (one execution, one plan, one
 * firing of the statement triggers) where a JDBC batch of single-row statements was one of each per
 * job. The caller owns the transaction.
 */
final class OutcomeRows {

  /**
   * The guarded job updates ({@code status='running' AND attempts=N AND generation=G}), returning
   * the ids they updated. A job id may appear at most once per execution.
   */
  static final String UPDATE_JOBS_SQL =
      """
      UPDATE jobs j
         SET status = o.status, next_attempt_at = o.next_attempt_at, last_error_type = o.error_type,
             last_error_message = o.error_message, completed_at = o.completed_at,
             updated_at = o.updated_at
        FROM unnest(?::uuid[], ?::int[], ?::int[], ?::text[], ?::timestamptz[], ?::text[], ?::text[],
                    ?::timestamptz[], ?::timestamptz[])
             AS o(id, attempt, generation, status, next_attempt_at, error_type, error_message,
                  completed_at, updated_at)
       WHERE j.id = o.id AND j.status = 'running' AND j.attempts = o.attempt
         AND j.generation = o.generation
      RETURNING j.id
      """;

  static final String INSERT_ATTEMPTS_SQL =
      """
      INSERT INTO job_attempts
             (job_id, generation, attempt, due_at, started_at, duration_ms, outcome, status_code,
              error_type, error_message)
      SELECT * FROM unnest(?::uuid[], ?::int[], ?::int[], ?::timestamptz[], ?::timestamptz[],
                           ?::int[], ?::text[], ?::int[], ?::text[], ?::text[])
      ON CONFLICT DO NOTHING
      """;

  static final String UPSERT_RESULTS_SQL =
      """
      INSERT INTO job_results
             (job_id, status_code, headers, body, body_truncated, body_size, duration_ms, fetched_at)
      SELECT r.job_id, r.status_code, r.headers::jsonb, r.body, r.body_truncated, r.body_size,
             r.duration_ms, r.fetched_at
        FROM unnest(?::uuid[], ?::int[], ?::text[], ?::bytea[], ?::boolean[], ?::bigint[], ?::int[],
                    ?::timestamptz[])
             AS r(job_id, status_code, headers, body, body_truncated, body_size, duration_ms,
                  fetched_at)
      ON CONFLICT (job_id) DO UPDATE
         SET status_code = EXCLUDED.status_code, headers = EXCLUDED.headers,
             body = EXCLUDED.body, body_truncated = EXCLUDED.body_truncated,
             body_size = EXCLUDED.body_size, duration_ms = EXCLUDED.duration_ms,
             fetched_at = EXCLUDED.fetched_at
      """;

  /**
   * Response bytes (bodies and headers) above which the result upsert is split into further
   * statements: an array parameter is built whole in memory, where a JDBC batch streamed row by
   * row, and 500 results of up to 1 MiB each must not become one 500 MiB parameter.
   */
  static final int RESULT_BYTES_PER_STATEMENT = 4 * 1024 * 1024;

  private final ObjectMapper json;

  OutcomeRows(ObjectMapper json) {
    this.json = Objects.requireNonNull(json, "json");
  }

  /**
   * Runs the guarded update for {@code outcomes} and returns, in the same order, whether each
   * updated its job. The outcomes must be sorted by job id: two outcomes of one job (a redelivered
   * attempt finished twice) go to successive executions in their order, so the second finds the job
   * no longer running, as it would alone.
   */
  boolean[] updateJobs(Connection con, List<FetchOutcome> outcomes) throws SQLException {
    boolean[] applied = new boolean[outcomes.size()];
    int[] occurrence = new int[outcomes.size()];
    int rounds = outcomes.isEmpty() ? 0 : 1;
    for (int i = 1; i < outcomes.size(); i++) {
      if (jobId(outcomes.get(i)).equals(jobId(outcomes.get(i - 1)))) {
        occurrence[i] = occurrence[i - 1] + 1;
        rounds = Math.max(rounds, occurrence[i] + 1);
      }
    }
    try (PreparedStatement update = con.prepareStatement(UPDATE_JOBS_SQL)) {
      for (int round = 0; round < rounds; round++) {
        List<Integer> members = new ArrayList<>(outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
          if (occurrence[i] == round) {
            members.add(i);
          }
        }
        bindUpdates(con, update, outcomes, members);
        Set<UUID> updated = HashSet.newHashSet(members.size());
        try (ResultSet rs = update.executeQuery()) {
          while (rs.next()) {
            updated.add(rs.getObject(1, UUID.class));
          }
        }
        for (int i : members) {
          applied[i] = updated.contains(jobId(outcomes.get(i)));
        }
      }
    }
    return applied;
  }

  /** Records one attempt per outcome (outcomes whose update applied: one per job). */
  void insertAttempts(Connection con, List<FetchOutcome> outcomes) throws SQLException {
    if (outcomes.isEmpty()) {
      return;
    }
    int n = outcomes.size();
    UUID[] ids = new UUID[n];
    Integer[] generations = new Integer[n];
    Integer[] attempts = new Integer[n];
    String[] dueAt = new String[n];
    String[] startedAt = new String[n];
    Integer[] durations = new Integer[n];
    String[] results = new String[n];
    Integer[] statusCodes = new Integer[n];
    String[] errorTypes = new String[n];
    String[] errorMessages = new String[n];
    for (int k = 0; k < n; k++) {
      FetchOutcome outcome = outcomes.get(k);
      AttemptTiming timing = outcome.timing();
      ids[k] = jobId(outcome);
      generations[k] = outcome.attempt().generation();
      attempts[k] = outcome.attempt().attempt();
      dueAt[k] = timing.dueAt() == null ? null : timestamp(timing.dueAt());
      startedAt[k] = timestamp(timing.startedAt());
      durations[k] = (int) Math.min(Integer.MAX_VALUE, timing.durationMs());
      results[k] = outcome.attemptOutcome().wireName();
      switch (outcome.result()) {
        case FetchResponse response -> {
          statusCodes[k] = response.statusCode();
          JobError error = outcome.lastError().orElse(null);
          if (error != null) {
            errorTypes[k] = error.type();
            errorMessages[k] = "HTTP " + response.statusCode();
          }
        }
        case FetchError error -> {
          errorTypes[k] = error.type().wireName();
          errorMessages[k] = error.message();
        }
      }
    }
    try (PreparedStatement ps = con.prepareStatement(INSERT_ATTEMPTS_SQL)) {
      ps.setArray(1, con.createArrayOf("uuid", ids));
      ps.setArray(2, con.createArrayOf("int4", generations));
      ps.setArray(3, con.createArrayOf("int4", attempts));
      ps.setArray(4, con.createArrayOf("timestamptz", dueAt));
      ps.setArray(5, con.createArrayOf("timestamptz", startedAt));
      ps.setArray(6, con.createArrayOf("int4", durations));
      ps.setArray(7, con.createArrayOf("text", results));
      ps.setArray(8, con.createArrayOf("int4", statusCodes));
      ps.setArray(9, con.createArrayOf("text", errorTypes));
      ps.setArray(10, con.createArrayOf("text", errorMessages));
      ps.executeUpdate();
    }
  }

  /**
   * Stores the response of every outcome that keeps one (it completed the job or exhausted its
   * attempts), at most {@link #RESULT_BYTES_PER_STATEMENT} of response bytes per statement (and at
   * least one response).
   */
  void upsertResults(Connection con, List<FetchOutcome> outcomes) throws SQLException {
    List<FetchOutcome> chunk = new ArrayList<>();
    List<FetchResponse> responses = new ArrayList<>();
    List<String> headers = new ArrayList<>();
    long bytes = 0;
    try (PreparedStatement ps = con.prepareStatement(UPSERT_RESULTS_SQL)) {
      for (FetchOutcome outcome : outcomes) {
        FetchResponse response = outcome.storedResponse().orElse(null);
        if (response == null) {
          continue;
        }
        String headersJson = headersJson(response);
        long size = (long) response.body().length + headersJson.length();
        if (!chunk.isEmpty() && bytes + size > RESULT_BYTES_PER_STATEMENT) {
          upsertResults(con, ps, chunk, responses, headers);
          chunk.clear();
          responses.clear();
          headers.clear();
          bytes = 0;
        }
        chunk.add(outcome);
        responses.add(response);
        headers.add(headersJson);
        bytes += size;
      }
      if (!chunk.isEmpty()) {
        upsertResults(con, ps, chunk, responses, headers);
      }
    }
  }

  private static void upsertResults(
      Connection con,
      PreparedStatement ps,
      List<FetchOutcome> outcomes,
      List<FetchResponse> responses,
      List<String> headers)
      throws SQLException {
    int n = outcomes.size();
    UUID[] ids = new UUID[n];
    Integer[] statusCodes = new Integer[n];
    byte[][] bodies = new byte[n][];
    Boolean[] truncated = new Boolean[n];
    Long[] bodySizes = new Long[n];
    Integer[] durations = new Integer[n];
    String[] fetchedAt = new String[n];
    for (int k = 0; k < n; k++) {
      FetchResponse response = responses.get(k);
      ids[k] = jobId(outcomes.get(k));
      statusCodes[k] = response.statusCode();
      bodies[k] = response.body();
      truncated[k] = response.bodyTruncated();
      bodySizes[k] = response.bodySize();
      durations[k] = (int) Math.min(Integer.MAX_VALUE, response.durationMs());
      fetchedAt[k] = timestamp(outcomes.get(k).finishedAt());
    }
    ps.setArray(1, con.createArrayOf("uuid", ids));
    ps.setArray(2, con.createArrayOf("int4", statusCodes));
    ps.setArray(3, con.createArrayOf("text", headers.toArray(String[]::new)));
    ps.setArray(4, con.createArrayOf("bytea", bodies));
    ps.setArray(5, con.createArrayOf("bool", truncated));
    ps.setArray(6, con.createArrayOf("int8", bodySizes));
    ps.setArray(7, con.createArrayOf("int4", durations));
    ps.setArray(8, con.createArrayOf("timestamptz", fetchedAt));
    ps.executeUpdate();
  }

  private static void bindUpdates(
      Connection con, PreparedStatement ps, List<FetchOutcome> outcomes, List<Integer> members)
      throws SQLException {
    int n = members.size();
    UUID[] ids = new UUID[n];
    Integer[] attempts = new Integer[n];
    Integer[] generations = new Integer[n];
    String[] statuses = new String[n];
    String[] nextAttemptAt = new String[n];
    String[] errorTypes = new String[n];
    String[] errorMessages = new String[n];
    String[] completedAt = new String[n];
    String[] updatedAt = new String[n];
    for (int k = 0; k < n; k++) {
      FetchOutcome outcome = outcomes.get(members.get(k));
      ids[k] = jobId(outcome);
      attempts[k] = outcome.attempt().attempt();
      generations[k] = outcome.attempt().generation();
      statuses[k] = outcome.status().wireName();
      if (outcome instanceof FetchOutcome.Retrying retrying) {
        nextAttemptAt[k] = timestamp(retrying.nextAttemptAt());
      }
      JobError error = outcome.lastError().orElse(null);
      if (error != null) {
        errorTypes[k] = error.type();
        errorMessages[k] = error.message();
      }
      String at = timestamp(outcome.finishedAt());
      if (outcome.status().isTerminal()) {
        completedAt[k] = at;
      }
      updatedAt[k] = at;
    }
    ps.setArray(1, con.createArrayOf("uuid", ids));
    ps.setArray(2, con.createArrayOf("int4", attempts));
    ps.setArray(3, con.createArrayOf("int4", generations));
    ps.setArray(4, con.createArrayOf("text", statuses));
    ps.setArray(5, con.createArrayOf("timestamptz", nextAttemptAt));
    ps.setArray(6, con.createArrayOf("text", errorTypes));
    ps.setArray(7, con.createArrayOf("text", errorMessages));
    ps.setArray(8, con.createArrayOf("timestamptz", completedAt));
    ps.setArray(9, con.createArrayOf("timestamptz", updatedAt));
  }

  private String headersJson(FetchResponse response) {
    try {
      return json.writeValueAsString(response.headers());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("headers not serializable", e);
    }
  }

  private static UUID jobId(FetchOutcome outcome) {
    return outcome.attempt().jobId().value();
  }

  /** ISO-8601 in UTC, seconds always written: how PostgreSQL reads a {@code timestamptz} value. */
  private static String timestamp(Instant instant) {
    return instant.toString();
  }
}
