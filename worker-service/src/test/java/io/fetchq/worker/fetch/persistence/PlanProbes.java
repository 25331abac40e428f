package io.fetchq.worker.fetch.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the plan tests share ({@link ClaimPlanIT}, {@link CachedPlansIT}): an empty session-local
 * {@code jobs} to plan on, its growth with nothing run ANALYZE, and a statement's numbered
 * parameters for {@code PREPARE}.
 */
final class PlanProbes {

  private PlanProbes() {}

  /**
   * Creates an empty copy of {@code jobs} that shadows the real table in this session until the
   * transaction ends, so a test plans on an empty table whatever other tests stored.
   */
  static void shadowJobs(Statement sql) throws SQLException {
    sql.execute("CREATE TEMP TABLE jobs (LIKE public.jobs INCLUDING ALL) ON COMMIT DROP");
  }

  /** Adds 20,000 jobs of {@code status} to the session's copy. */
  static void growJobs(Statement sql, String status) throws SQLException {
    sql.execute(
        """
        INSERT INTO jobs (id, tenant_id, status, method, url, timeout_ms, follow_redirects,
                          max_attempts, retry_initial_delay_ms, retry_multiplier,
                          retry_max_delay_ms, created_at, updated_at)
        SELECT gen_random_uuid(), gen_random_uuid(), '%s', 'GET',
               'https://example.org/' || n, 1000, false, 3, 100, 2, 1000, now(), now()
          FROM generate_series(1, 20000) AS n
        """
            .formatted(status));
  }

  /** {@code sql} with its {@code parameters} JDBC placeholders numbered, for {@code PREPARE}. */
  static String numbered(String sql, int parameters) {
    StringBuilder out = new StringBuilder();
    int n = 0;
    for (char c : sql.toCharArray()) {
      out.append(c == '?' ? "$" + ++n : String.valueOf(c));
    }
    assertThat(n).isEqualTo(parameters);
    return out.toString();
  }
}
