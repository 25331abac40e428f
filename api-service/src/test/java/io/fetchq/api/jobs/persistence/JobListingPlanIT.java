package io.fetchq.api.jobs.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.batches.persistence.JdbcBatchRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listing's statements on 1,000,000 jobs: every filter combination, with and without a cursor,
 * is served by an index in id order (no sequential scan, no sort; each job's latest webhook
 * delivery through {@code webhook_deliveries_job_idx}), both as planned for its parameters and as
 * the generic plan a prepared statement switches to. The rows live in a schema of their own whose
 * tables and indexes are copies of the changelog's ({@code pg_indexes}), so the other tests' tables
 * stay small. Execution times are logged, not asserted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobListingPlanIT extends ApiIntegrationTest {

  private static final Logger log = LoggerFactory.getLogger(JobListingPlanIT.class);
  private static final int JOBS = 1_000_000;
  private static final int LIMIT = 51;

  private final String schema =
      "plan_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  private UUID tenant;
  private UUID batch;
  private UUID cursor;

  @BeforeAll
  void fillAMillionJobs() throws SQLException {
    long start = System.nanoTime();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
      s.execute("SET maintenance_work_mem = '256MB'");
      for (String table : List.of("jobs", "job_results", "batches", "webhook_deliveries")) {
        s.execute(
            "CREATE UNLOGGED TABLE "
                + schema
                + "."
                + table
                + " (LIKE public."
                + table
                + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
      }
      // Four tenants; 200 batches of 1000 jobs (the first 200,000); skewed statuses; results for a
      // tenth of the completed jobs (a results table much smaller than the jobs would invite plans
      // that read it whole).
      s.execute(
          """
          INSERT INTO %s.jobs (id, tenant_id, batch_id, status, method, url, timeout_ms,
                               follow_redirects, max_attempts, retry_initial_delay_ms,
                               retry_multiplier, retry_max_delay_ms, created_at, updated_at,
                               completed_at)
          SELECT (lpad(to_hex(1760000000000 + g), 12, '0') || '7' || substr(h, 1, 3) || '8'
                  || substr(h, 4, 15))::uuid,
                 ('00000000-0000-7000-8000-00000000000' || ((g / 1000) %% 4))::uuid,
                 CASE WHEN g < 200000
                      THEN ('00000000-0000-7000-9000-' || lpad(to_hex(g / 1000), 12, '0'))::uuid
                 END,
                 CASE WHEN g %% 200 = 0 THEN 'retrying' WHEN g %% 100 = 1 THEN 'running'
                      WHEN g %% 50 = 2 THEN 'cancelled' WHEN g %% 20 = 3 THEN 'failed'
                      WHEN g %% 10 = 4 THEN 'queued' ELSE 'completed' END,
                 'GET', 'https://example.org/' || g, 10000, true, 5, 1000, 2.0, 300000,
                 now(), now(), now()
            FROM generate_series(0, %d) AS g, LATERAL (SELECT md5(g::text) AS h) AS r
          """
              .formatted(schema, JOBS - 1));
      s.execute(
          "INSERT INTO %s.job_results (job_id, status_code, headers, body, body_truncated,"
                  .formatted(schema)
              + " duration_ms, fetched_at) SELECT id, 200, '{}', '\\x00', false, 5, now()"
              + " FROM %s.jobs WHERE status = 'completed' AND url LIKE '%%0'".formatted(schema));
      s.execute(
          ("INSERT INTO %s.batches (id, tenant_id, size, created_at)"
                  + " SELECT DISTINCT batch_id, tenant_id, 1000, now() FROM %s.jobs"
                  + " WHERE batch_id IS NOT NULL")
              .formatted(schema, schema));
      // A delivered webhook event for a tenth of the completed jobs (the job's callback view).
      s.execute(
          ("INSERT INTO %s.webhook_deliveries (id, tenant_id, job_id, event_type, url, state,"
                  + " attempts, last_status_code, occurred_at, updated_at)"
                  + " SELECT md5(id::text)::uuid, tenant_id, id, 'job.completed',"
                  + " 'https://hooks.example/', 'delivered', 1, 204, now(), now()"
                  + " FROM %s.jobs WHERE status = 'completed' AND url LIKE '%%3'")
              .formatted(schema, schema));
      copyIndexes(c, s);
      s.execute("ANALYZE " + schema + ".webhook_deliveries");
      s.execute("ANALYZE " + schema + ".jobs");
      s.execute("ANALYZE " + schema + ".job_results");
      s.execute("ANALYZE " + schema + ".batches");
    }
    tenant = UUID.fromString("00000000-0000-7000-8000-000000000001");
    batch = UUID.fromString("00000000-0000-7000-9000-000000000011"); // batch 17, tenant 1
    cursor =
        jdbc()
            .sql("SELECT id FROM " + schema + ".jobs WHERE url = 'https://example.org/517123'")
            .query(UUID.class)
            .single();
    log.info(
        "plan test data rows={} seconds={}", JOBS, (System.nanoTime() - start) / 1_000_000_000.0);
  }

  @AfterAll
  void dropTheSchema() {
    jdbc().sql("DROP SCHEMA " + schema + " CASCADE").update();
  }

  /**
   * Shapes by bits: 1 status, 2 batchId, 4 cursor. The cursor of batch shapes is inside the batch.
   */
  @ParameterizedTest(name = "shape {0}")
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
  void everyListingShapeIsAnIndexScanInIdOrder(int shape) throws Exception {
    boolean byStatus = (shape & 1) != 0;
    boolean byBatch = (shape & 2) != 0;
    boolean below = (shape & 4) != 0;
    String sql = JdbcJobListing.sql(byStatus, byBatch, below, LIMIT);
    List<Object> params = new ArrayList<>();
    params.add(tenant);
    if (byStatus) {
      params.add("failed");
    }
    if (byBatch) {
      params.add(batch);
    }
    if (below) {
      params.add(byBatch ? batchMiddle() : cursor);
    }

    JsonNode custom = explain(sql, params, false);
    JsonNode generic = explain(sql, params, true);

    for (JsonNode plan : List.of(custom, generic)) {
      List<String> nodes = nodeTypes(plan.get("Plan"));
      assertThat(nodes).as(plan.toString()).doesNotContain("Seq Scan", "Incremental Sort");
      // Each job's latest webhook delivery: one probe of the job index, no sort.
      assertThat(indexOf(plan.get("Plan"), "webhook_deliveries"))
          .as(plan.toString())
          .isEqualTo("webhook_deliveries_job_idx");
      if (byBatch) {
        // A batch holds at most 1000 jobs: its index may be read as a bitmap and the (small)
        // result sorted, never more than the batch.
        assertThat(indexOf(plan.get("Plan"), "jobs")).isEqualTo("jobs_tenant_batch_idx");
        assertThat(largestSortInput(plan.get("Plan")))
            .as(plan.toString())
            .isLessThanOrEqualTo(1000);
      } else {
        assertThat(nodes).as(plan.toString()).doesNotContain("Sort");
        assertThat(scanOf(plan.get("Plan"), "jobs"))
            .as(plan.toString())
            .isIn("Index Scan", "Index Only Scan");
      }
    }
    log.info(
        "listing plan shape={} status={} batch={} cursor={} index={} rows={} executionMs={}",
        shape,
        byStatus,
        byBatch,
        below,
        indexOf(custom.get("Plan"), "jobs"),
        custom.get("Plan").get("Actual Rows").asLong(),
        medianExecutionMs(sql, params));
  }

  @ParameterizedTest(name = "batch progress")
  @ValueSource(ints = {0})
  void aBatchsProgressReadsOnlyItsJobs(int unused) throws Exception {
    List<Object> params = List.of(batch, tenant);
    JsonNode plan = explain(JdbcBatchRepository.PROGRESS, params, false);

    // batches (200 rows here) may be read whole; the jobs are found through the batch index.
    assertThat(scanOf(plan.get("Plan"), "jobs")).as(plan.toString()).isNotEqualTo("Seq Scan");
    assertThat(indexOf(plan.get("Plan"), "jobs")).isEqualTo("jobs_tenant_batch_idx");
    log.info(
        "batch progress plan executionMs={}",
        medianExecutionMs(JdbcBatchRepository.PROGRESS, params));
  }

  private UUID batchMiddle() {
    return jdbc()
        .sql(
            "SELECT id FROM "
                + schema
                + ".jobs WHERE batch_id = ? ORDER BY id DESC OFFSET 500 LIMIT 1")
        .param(batch)
        .query(UUID.class)
        .single();
  }

  private void copyIndexes(Connection c, Statement s) throws SQLException {
    List<String> definitions = new ArrayList<>();
    try (ResultSet rs =
        c.createStatement()
            .executeQuery(
                "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'"
                    + " AND tablename IN ('jobs', 'job_results', 'batches',"
                    + " 'webhook_deliveries')")) {
      while (rs.next()) {
        definitions.add(rs.getString(1));
      }
    }
    assertThat(definitions)
        .anyMatch(d -> d.contains("jobs_tenant_status_idx"))
        .anyMatch(d -> d.contains("jobs_tenant_batch_idx"))
        .anyMatch(d -> d.contains("jobs_tenant_created_idx"))
        .anyMatch(d -> d.contains("webhook_deliveries_job_idx"));
    for (String definition : definitions) {
      s.execute(definition.replace(" ON public.", " ON " + schema + "."));
    }
  }

  /** The JSON plan of {@code sql}: planned for the values, or generic as a prepared statement. */
  private JsonNode explain(String sql, List<Object> params, boolean generic) throws Exception {
    String name =
        "plan_listing_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      String text;
      try (Statement s = c.createStatement()) {
        s.execute("SET LOCAL search_path = " + schema);
        if (generic) {
          s.execute("SET LOCAL plan_cache_mode = force_generic_plan");
          s.execute("PREPARE " + name + " AS " + numbered(sql));
          try (ResultSet rs =
              s.executeQuery(
                  "EXPLAIN (FORMAT JSON) EXECUTE " + name + "(" + literals(params) + ")")) {
            rs.next();
            text = rs.getString(1);
          } finally {
            s.execute("DEALLOCATE " + name);
          }
        } else {
          text = query(c, "EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params);
        }
      }
      c.rollback();
      return json.readTree(text).get(0);
    }
  }

  /** The parameters as SQL literals (UUIDs, integers and plain words only). */
  private static String literals(List<Object> params) {
    StringBuilder out = new StringBuilder();
    for (Object param : params) {
      out.append(out.isEmpty() ? "" : ", ")
          .append(param instanceof Integer ? param.toString() : "'" + param + "'");
    }
    return out.toString();
  }

  private double medianExecutionMs(String sql, List<Object> params) throws Exception {
    double[] times = new double[9];
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SET LOCAL search_path = " + schema);
      }
      for (int i = 0; i < times.length; i++) {
        String text = query(c, "EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params);
        times[i] = json.readTree(text).get(0).get("Execution Time").asDouble();
      }
      c.rollback();
    }
    Arrays.sort(times);
    return times[times.length / 2];
  }

  private static String query(Connection c, String sql, List<Object> params) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        statement.setObject(i + 1, params.get(i));
      }
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /** {@code ?} placeholders as {@code $1, $2, ...} for PREPARE. */
  private static String numbered(String sql) {
    StringBuilder out = new StringBuilder();
    int n = 0;
    for (char ch : sql.toCharArray()) {
      if (ch == '?') {
        out.append('$').append(++n);
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }

  private static List<String> nodeTypes(JsonNode node) {
    List<String> types = new ArrayList<>();
    collect(node, types);
    return types;
  }

  private static void collect(JsonNode node, List<String> types) {
    types.add(node.get("Node Type").asText());
    if (node.has("Plans")) {
      node.get("Plans").forEach(child -> collect(child, types));
    }
  }

  private static String scanOf(JsonNode node, String relation) {
    if (relation.equals(node.path("Relation Name").asText())) {
      return node.get("Node Type").asText();
    }
    for (JsonNode child : node.path("Plans")) {
      String found = scanOf(child, relation);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** The planned input rows of the largest Sort node, 0 without one. */
  private static long largestSortInput(JsonNode node) {
    long largest =
        "Sort".equals(node.get("Node Type").asText())
            ? node.get("Plans").get(0).get("Plan Rows").asLong()
            : 0;
    for (JsonNode child : node.path("Plans")) {
      largest = Math.max(largest, largestSortInput(child));
    }
    return largest;
  }

  /** The index through which {@code relation} is read (also below a Bitmap Heap Scan). */
  private static String indexOf(JsonNode node, String relation) {
    if (relation.equals(node.path("Relation Name").asText())) {
      if (node.has("Index Name")) {
        return node.get("Index Name").asText();
      }
      for (JsonNode child : node.path("Plans")) {
        if (child.has("Index Name")) {
          return child.get("Index Name").asText();
        }
      }
      return null;
    }
    for (JsonNode child : node.path("Plans")) {
      String found = indexOf(child, relation);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
