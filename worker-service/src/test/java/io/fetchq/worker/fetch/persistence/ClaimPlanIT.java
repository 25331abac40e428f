package io.fetchq.worker.fetch.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.worker.WorkerIntegrationTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The claim statement keeps using the primary key after {@code jobs} grows, although its plan was
 * first made while the table was empty and nothing ran ANALYZE (autovacuum is off on these
 * machines). With PostgreSQL's default {@code plan_cache_mode = auto} a connection caches a generic
 * plan after five executions; made on an empty table it is a sequential scan with a hash join, and
 * it is never replanned: bench/run measured the worker's claims reading 490 million rows and
 * draining 500 jobs/s. The pool's connections plan every execution instead ({@code
 * spring.datasource.hikari.connection-init-sql}).
 *
 * <p>The table is a session-local copy ({@code CREATE TEMP TABLE jobs}, which shadows the real one
 * in this session), so the test starts from an empty table whatever other tests stored.
 */
class ClaimPlanIT extends WorkerIntegrationTest {

  @Test
  void thePoolsConnectionsPlanEveryExecution() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement sql = connection.createStatement();
        ResultSet mode = sql.executeQuery("SHOW plan_cache_mode")) {
      assertThat(mode.next()).isTrue();
      assertThat(mode.getString(1)).isEqualTo("force_custom_plan");
    }
  }

  @Test
  void aClaimFirstPlannedOnAnEmptyTableUsesThePrimaryKeyOnceTheTableHasGrown() throws SQLException {
    assertThat(planAfterGrowth(null)).anyMatch(line -> line.contains("Index Scan"));
    assertThat(planAfterGrowth(null)).noneMatch(line -> line.contains("Seq Scan on jobs"));
  }

  @Test
  void withPostgresqlsDefaultTheCachedPlanStaysASequentialScan() throws SQLException {
    // the control: shows that the test above would catch the default coming back
    assertThat(planAfterGrowth("auto")).anyMatch(line -> line.contains("Seq Scan on jobs"));
  }

  /** The claim's plan after 10 executions on an empty table and 20,000 inserted rows. */
  private List<String> planAfterGrowth(String planCacheMode) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement sql = connection.createStatement()) {
      connection.setAutoCommit(false);
      boolean prepared = false;
      try {
        if (planCacheMode != null) {
          sql.execute("SET LOCAL plan_cache_mode = " + planCacheMode);
        }
        PlanProbes.shadowJobs(sql);
        sql.execute(
            "PREPARE claim_probe(uuid[], int[], int[]) AS "
                + PlanProbes.numbered(JdbcAttemptClaimer.CLAIM_SQL, 3));
        prepared = true;
        for (int i = 0; i < 10; i++) {
          sql.execute("EXECUTE claim_probe(ARRAY[gen_random_uuid()], ARRAY[0], ARRAY[1])");
        }
        PlanProbes.growJobs(sql, "queued");
        List<String> ids = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery("SELECT id FROM jobs LIMIT 20")) {
          while (rows.next()) {
            ids.add("'" + rows.getString(1) + "'");
          }
        }
        List<String> plan = new ArrayList<>();
        try (ResultSet rows =
            sql.executeQuery(
                "EXPLAIN EXECUTE claim_probe(ARRAY["
                    + String.join(", ", ids)
                    + "]::uuid[], array_fill(0, ARRAY[20]), array_fill(1, ARRAY[20]))")) {
          while (rows.next()) {
            plan.add(rows.getString(1));
          }
        }
        return plan;
      } finally {
        connection.rollback();
        connection.setAutoCommit(true);
        if (prepared) {
          sql.execute("DEALLOCATE claim_probe"); // PREPARE outlives the rollback
        }
      }
    }
  }
}
