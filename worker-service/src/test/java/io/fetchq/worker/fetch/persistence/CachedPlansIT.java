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
 * The outcome writer's transactions use PostgreSQL's cached plans ({@link
 * BatchingOutcomeWriter#CACHED_PLANS_FOR_THIS_TRANSACTION}) while the pool's connections keep
 * planning every execution ({@link ClaimPlanIT}): the writer's statements reach a generic plan, the
 * setting ends with the transaction, and a generic plan of the job update made on an empty table is
 * still a primary-key lookup after the table has grown, with nothing run ANALYZE (the cliff the
 * pool's setting guards the claim against).
 */
class CachedPlansIT extends WorkerIntegrationTest {

  private static final String URL = "https://example.org/cached-plans";

  @Test
  void theWritersStatementsUseCachedPlansOnlyInsideItsTransactions() throws Exception {
    try (Connection connection = dataSource.getConnection()) {
      SingleConnectionDataSource one = new SingleConnectionDataSource(connection, true);
      try (BatchingOutcomeWriter writer =
          new BatchingOutcomeWriter(one, json, BatchingOutcomeWriterIT.SETTINGS)) {
        writer.start();
        for (int round = 0; round < 3; round++) {
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
                "SELECT coalesce(sum(generic_plans), 0) FROM pg_prepared_statements"
                    + " WHERE statement LIKE '%UPDATE jobs%'")) {
          assertThat(plans.next()).isTrue();
          assertThat(plans.getLong(1))
              .as("executions of the job update with a cached generic plan")
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
  void theJobUpdatesCachedPlanMadeOnAnEmptyTableStillUsesThePrimaryKeyOnceTheTableHasGrown()
      throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement sql = connection.createStatement()) {
      connection.setAutoCommit(false);
      boolean prepared = false;
      try {
        sql.execute(BatchingOutcomeWriter.CACHED_PLANS_FOR_THIS_TRANSACTION);
        PlanProbes.shadowJobs(sql);
        sql.execute(
            "PREPARE update_probe AS "
                + PlanProbes.numbered(BatchingOutcomeWriter.UPDATE_JOB_SQL, 9));
        prepared = true;
        for (int i = 0; i < 10; i++) {
          sql.execute(
              "EXECUTE update_probe('completed', NULL, NULL, NULL, now(), now(),"
                  + " gen_random_uuid(), 1, 0)");
        }
        PlanProbes.growJobs(sql, "running");
        List<String> plan = new ArrayList<>();
        try (ResultSet rows =
            sql.executeQuery(
                "EXPLAIN EXECUTE update_probe('completed', NULL, NULL, NULL, now(), now(),"
                    + " gen_random_uuid(), 1, 0)")) {
          while (rows.next()) {
            plan.add(rows.getString(1));
          }
        }
        assertThat(plan)
            .as("the cached plan (its key is a parameter: $7)")
            .anyMatch(line -> line.contains("Index Cond: (id = $7)"));
        assertThat(plan).noneMatch(line -> line.contains("Seq Scan"));
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
