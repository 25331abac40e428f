package io.fetchq.worker.fetch.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.kernel.jobs.RetryPolicy;
import io.fetchq.worker.WorkerIntegrationTest;
import io.fetchq.worker.fetch.domain.AttemptTiming;
import io.fetchq.worker.fetch.domain.ClaimedJob;
import io.fetchq.worker.fetch.domain.FetchOutcome;
import io.fetchq.worker.fetch.domain.FetchRequest;
import io.fetchq.worker.fetch.domain.FetchResponse;
import io.fetchq.worker.fetch.domain.JobId;
import io.fetchq.worker.fetch.domain.TenantId;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The outcome writer's inserts use PostgreSQL's cached plans ({@link
 * BatchingOutcomeWriter#CACHED_PLANS_FOR_THIS_TRANSACTION}) while the pool's connections keep
 * planning every execution ({@link ClaimPlanIT}): the inserts reach a generic plan, the setting
 * ends with the transaction, and the job update, one statement for a whole flush, is planned for
 * its arrays at every execution, so it uses the primary key once the table has grown with nothing
 * run ANALYZE, where a generic plan of it made on the empty table does not (the cliff the pool's
 * setting guards the claim against).
 */
class CachedPlansIT extends WorkerIntegrationTest {

  private static final String URL = "https://example.org/cached-plans";

  /** One outcome for {@link OutcomeRows.UPDATE_JOBS_SQL}: a job that is not there. */
  private static final String UPDATE_PROBE_ARGUMENTS =
      "(ARRAY[gen_random_uuid()], ARRAY[1], ARRAY[0], ARRAY['completed'],"
          + " ARRAY[NULL::timestamptz], ARRAY[NULL::text], ARRAY[NULL::text], ARRAY[now()],"
          + " ARRAY[now()])";

  @Test
  void theWritersStatementsUseCachedPlansOnlyInsideItsTransactions() throws Exception {
    try (Connection connection = dataSource.getConnection()) {
      SingleConnectionDataSource one = new SingleConnectionDataSource(connection, true);
      try (BatchingOutcomeWriter writer =
          new BatchingOutcomeWriter(one, json, BatchingOutcomeWriterIT.SETTINGS)) {
        writer.start();
        // one flush at least per round: more than the driver's five executions before it
        // prepares a statement on the server, where pg_prepared_statements counts its plans
        for (int round = 0; round < 8; round++) {
          List<CompletableFuture<Boolean>> written = new ArrayList<>();
          for (int i = 0; i < 10; i++) {
            written.add(writer.record(completed(running())));
          }
          for (CompletableFuture<Boolean> w : written) {
            assertThat(w.get(10, TimeUnit.SECONDS)).isTrue();
          }
        }
      }
      try (Statement sql = connection.createStatement()) {
        try (ResultSet plans =
            sql.executeQuery(
                "SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0)"
                    + " FROM pg_prepared_statements WHERE statement LIKE '%INSERT INTO job_%'")) {
          assertThat(plans.next()).isTrue();
          assertThat(plans.getLong(1))
              .as("executions of the attempt and result inserts with a cached generic plan")
              .isPositive();
        }
        try (ResultSet plans =
            sql.executeQuery(
                "SELECT coalesce(sum(generic_plans), -1), coalesce(sum(custom_plans), 0)"
                    + " FROM pg_prepared_statements WHERE statement LIKE '%UPDATE jobs%'")) {
          assertThat(plans.next()).isTrue();
          assertThat(plans.getLong(1))
              .as("executions of the job update with a cached generic plan")
              .isZero();
          assertThat(plans.getLong(2))
              .as("executions of the job update planned for its arrays")
              .isPositive();
        }
        try (ResultSet mode = sql.executeQuery("SHOW plan_cache_mode")) {
          assertThat(mode.next()).isTrue();
          assertThat(mode.getString(1))
              .as("the connection's own setting once the writer's transactions are over")
              .isEqualTo("force_custom_plan");
        }
      }
    }
  }

  @Test
  void theJobUpdateIsPlannedForItsArraysAndUsesThePrimaryKeyOnceTheTableHasGrown()
      throws SQLException {
    List<String> plan = planOfTheJobUpdateAfterGrowth(false);
    assertThat(plan)
        .as("planned at its execution, on the grown table")
        .anyMatch(line -> line.contains("Index Scan using jobs_pkey"));
    assertThat(plan).noneMatch(line -> line.contains("Seq Scan"));
  }

  /** The control: why the job update does not run under {@code plan_cache_mode = auto}. */
  @Test
  void aCachedPlanOfTheJobUpdateMadeOnAnEmptyTableWouldNotUseThePrimaryKey() throws SQLException {
    assertThat(planOfTheJobUpdateAfterGrowth(true))
        .as("the generic plan made while the table was empty")
        .noneMatch(line -> line.contains("jobs_pkey"));
  }

  /**
   * Prepares the job update on an empty {@code jobs}, executes it ten times (a cached generic plan
   * is chosen after five), grows the table to 20,000 running jobs with nothing run ANALYZE, and
   * explains the next execution.
   */
  private List<String> planOfTheJobUpdateAfterGrowth(boolean cachedPlans) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement sql = connection.createStatement()) {
      connection.setAutoCommit(false);
      boolean prepared = false;
      try {
        if (cachedPlans) {
          sql.execute(BatchingOutcomeWriter.CACHED_PLANS_FOR_THIS_TRANSACTION);
        }
        PlanProbes.shadowJobs(sql);
        sql.execute(
            "PREPARE update_probe AS " + PlanProbes.numbered(OutcomeRows.UPDATE_JOBS_SQL, 9));
        prepared = true;
        for (int i = 0; i < 10; i++) {
          sql.execute("EXECUTE update_probe" + UPDATE_PROBE_ARGUMENTS);
        }
        PlanProbes.growJobs(sql, "running");
        List<String> plan = new ArrayList<>();
        try (ResultSet rows =
            sql.executeQuery("EXPLAIN EXECUTE update_probe" + UPDATE_PROBE_ARGUMENTS)) {
          while (rows.next()) {
            plan.add(rows.getString(1));
          }
        }
        return plan;
      } finally {
        connection.rollback();
        connection.setAutoCommit(true);
        if (prepared) {
          sql.execute("DEALLOCATE update_probe"); // PREPARE outlives the rollback
        }
      }
    }
  }

  private UUID running() throws Exception {
    return insert(NewJob.get(URL).withStatus("running", 1).withRetry(3, 1000));
  }

  private static FetchOutcome completed(UUID id) {
    ClaimedJob claimed =
        new ClaimedJob(
            new JobId(id),
            new TenantId(SYSTEM_TENANT),
            0,
            1,
            new FetchRequest("GET", URI.create(URL), Map.of(), null, Duration.ofSeconds(5), false),
            new RetryPolicy(3, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(5)),
            Instant.parse("2026-01-01T00:00:00Z"));
    Instant started = Instant.parse("2026-11-22T10:00:00Z");
    return FetchOutcome.decide(
        claimed,
        new FetchResponse(200, Map.of(), new byte[] {1}, false, 1L, 3),
        new AttemptTiming(null, started, started.plusMillis(3)),
        0.5);
  }
}
