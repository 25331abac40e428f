package io.fetchq.api.callbacks.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.callbacks.domain.CallbackDeadLetterFilter;
import io.fetchq.api.deadletters.domain.KeysetCursor;
import io.fetchq.api.tenants.domain.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The statements on {@code webhook_deliveries} at 500,000 rows (most delivered, 1 % new, 4 %
 * failed, four tenants): the preparer's lock and every callback dead-letter listing shape are index
 * scans in the wanted order (no sequential scan, no sort). The rows live in a schema of their own
 * whose table and indexes copy the changelog's. Execution times are logged, not asserted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookDeliveriesPlanIT extends ApiIntegrationTest {

  private static final Logger log = LoggerFactory.getLogger(WebhookDeliveriesPlanIT.class);
  private static final int ROWS = 500_000;
  private static final TenantId TENANT =
      new TenantId(UUID.fromString("00000000-0000-7000-8000-000000000001"));

  private final String schema =
      "plan_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);

  @BeforeAll
  void fill() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
      s.execute(
          "CREATE UNLOGGED TABLE "
              + schema
              + ".webhook_deliveries (LIKE public.webhook_deliveries INCLUDING DEFAULTS"
              + " INCLUDING CONSTRAINTS)");
      s.execute(
          """
          INSERT INTO %s.webhook_deliveries (id, tenant_id, job_id, event_type, url, state,
                                             attempts, payload, occurred_at, updated_at, failed_at)
          SELECT md5(g::text)::uuid,
                 ('00000000-0000-7000-8000-00000000000' || (g %% 4))::uuid,
                 md5('job' || g)::uuid, 'job.completed', 'https://hooks.example/',
                 CASE WHEN g %% 100 = 7 THEN 'new' WHEN g %% 25 = 3 THEN 'failed'
                      ELSE 'delivered' END,
                 1, CASE WHEN g %% 100 = 7 THEN NULL ELSE '{}' END,
                 timestamptz '2026-11-01' + g * interval '1 second',
                 timestamptz '2026-11-01' + g * interval '1 second',
                 CASE WHEN g %% 25 = 3 THEN timestamptz '2026-11-01' + g * interval '2 second' END
            FROM generate_series(0, %d) AS g
          """
              .formatted(schema, ROWS - 1));
      List<String> definitions = new ArrayList<>();
      try (ResultSet rs =
          c.createStatement()
              .executeQuery(
                  "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'"
                      + " AND tablename = 'webhook_deliveries'")) {
        while (rs.next()) {
          definitions.add(rs.getString(1));
        }
      }
      assertThat(definitions)
          .anyMatch(d -> d.contains("webhook_deliveries_new_idx"))
          .anyMatch(d -> d.contains("webhook_deliveries_failed_idx"))
          .anyMatch(d -> d.contains("webhook_deliveries_tenant_failed_idx"));
      for (String definition : definitions) {
        s.execute(definition.replace(" ON public.", " ON " + schema + "."));
      }
      s.execute("ANALYZE " + schema + ".webhook_deliveries");
    }
  }

  @AfterAll
  void drop() {
    jdbc().sql("DROP SCHEMA " + schema + " CASCADE").update();
  }

  @Test
  void thePreparerTakesTheOldestNewEventsThroughTheNewIndex() throws Exception {
    List<Object> params = List.of(100);
    JsonNode plan = explain(JdbcWebhookEventStore.LOCK_NEW, params);

    assertThat(nodeTypes(plan)).as(plan.toString()).doesNotContain("Seq Scan", "Sort");
    assertThat(indexOf(plan)).isEqualTo("webhook_deliveries_new_idx");
    log.info(
        "webhook plan statement=lock-new executionMs={}",
        medianExecutionMs(JdbcWebhookEventStore.LOCK_NEW, params));
  }

  /** Shapes by bits: 1 tenant, 2 cursor. */
  @ParameterizedTest(name = "shape {0}")
  @ValueSource(ints = {0, 1, 2, 3})
  void everyDeadLetterListingShapeIsAnIndexScanNewestFirst(int shape) throws Exception {
    boolean byTenant = (shape & 1) != 0;
    boolean below = (shape & 2) != 0;
    List<Object> params = new ArrayList<>();
    String sql =
        JdbcCallbackDeadLetterRepository.listSql(
            new CallbackDeadLetterFilter(byTenant ? TENANT : null, null, null, null),
            below
                ? new KeysetCursor(
                    Instant.parse("2026-11-06T00:00:00Z"),
                    UUID.fromString("80000000-0000-0000-0000-000000000000"))
                : null,
            51,
            params);

    JsonNode plan = explain(sql, params);

    assertThat(nodeTypes(plan)).as(plan.toString()).doesNotContain("Seq Scan", "Sort");
    assertThat(indexOf(plan))
        .isEqualTo(
            byTenant ? "webhook_deliveries_tenant_failed_idx" : "webhook_deliveries_failed_idx");
    log.info(
        "webhook plan statement=dead-letter-list shape={} executionMs={}",
        shape,
        medianExecutionMs(sql, params));
  }

  private JsonNode explain(String sql, List<Object> params) throws Exception {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SET LOCAL search_path = " + schema);
      }
      String text = query(c, "EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params);
      c.rollback();
      return json.readTree(text).get(0).get("Plan");
    }
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

  private static List<String> nodeTypes(JsonNode node) {
    List<String> types = new ArrayList<>();
    types.add(node.get("Node Type").asText());
    node.path("Plans").forEach(child -> types.addAll(nodeTypes(child)));
    return types;
  }

  private static String indexOf(JsonNode node) {
    if (node.has("Index Name")) {
      return node.get("Index Name").asText();
    }
    for (JsonNode child : node.path("Plans")) {
      String found = indexOf(child);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
