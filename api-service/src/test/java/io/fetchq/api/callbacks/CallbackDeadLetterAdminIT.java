package io.fetchq.api.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.TestApi;
import io.fetchq.api.deadletters.domain.KeysetCursor;
import io.fetchq.contracts.Topics;
import io.fetchq.contracts.webhooks.v1.CallbackMessage;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The callback dead-letter endpoints over HTTP against the running API. Failed deliveries are
 * written by SQL as the worker's callback consumer would; each test works on a tenant of its own.
 */
class CallbackDeadLetterAdminIT extends ApiIntegrationTest {

  private static final String PATH = "/api/v1/admin/callback-dead-letters";
  private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
  private static final String TOPIC = Topics.name(PREFIX, Topics.CALLBACKS);

  private TestApi api;

  @BeforeEach
  void client() {
    api = new TestApi(baseUrl(), ADMIN_KEY);
  }

  @Test
  void listsNewestFailureFirstWithEachFilterAndWalksPagesByCursor() throws Exception {
    String tenant = createTenant("list");
    UUID e1 = failed(tenant, "job.failed", T0, true);
    UUID e2 = failed(tenant, "job.completed", T0.plusSeconds(60), true);
    UUID e3 = failed(tenant, "batch.completed", T0.plusSeconds(120), true);
    UUID e4 = failed(tenant, "job.failed", T0.plusSeconds(120), true);
    UUID e5 = failed(tenant, "job.cancelled", T0.plusSeconds(180), false);
    pending(tenant);
    UUID e3e4First = KeysetCursor.compareIds(e3, e4) > 0 ? e3 : e4;
    UUID e3e4Second = KeysetCursor.compareIds(e3, e4) > 0 ? e4 : e3;
    String byTenant = "?tenantId=" + tenant;

    assertThat(ids(list(byTenant))).containsExactly(e5, e3e4First, e3e4Second, e2, e1);
    assertThat(ids(list(byTenant + "&type=job.failed"))).containsExactly(e4, e1);
    assertThat(ids(list(byTenant + "&since=" + enc(T0.plusSeconds(60)))))
        .containsExactly(e5, e3e4First, e3e4Second, e2);
    assertThat(ids(list(byTenant + "&until=" + enc("2026-11-20T10:02:00+02:00"))))
        .containsExactly(e2, e1);

    JsonNode batchEntry = entry(list(byTenant + "&type=batch.completed"), e3);
    assertThat(batchEntry.get("jobId").isNull()).isTrue();
    assertThat(batchEntry.get("batchId").asText()).isNotBlank();
    JsonNode first = list(byTenant + "&type=job.failed").get("items").get(0);
    assertThat(first.get("id").asText()).isEqualTo(e4.toString());
    assertThat(first.get("tenantId").asText()).isEqualTo(tenant);
    assertThat(first.get("type").asText()).isEqualTo("job.failed");
    assertThat(first.get("jobId").asText()).isNotBlank();
    assertThat(first.get("batchId").isNull()).isTrue();
    assertThat(first.get("url").asText()).isEqualTo("https://hooks.example/in");
    assertThat(first.get("attempts").asInt()).isEqualTo(10);
    assertThat(first.get("lastResponseCode").asInt()).isEqualTo(500);
    assertThat(first.get("lastError").asText()).isEqualTo("http_status: 500");
    assertThat(first.get("failedAt").asText()).isEqualTo("2026-11-20T08:02:00.000Z");
    assertThat(first.get("replayCount").asInt()).isZero();

    List<UUID> walked = new ArrayList<>();
    JsonNode page = list(byTenant + "&limit=2");
    int pages = 1;
    walked.addAll(ids(page));
    while (!page.get("nextCursor").isNull()) {
      page = list(byTenant + "&limit=2&cursor=" + page.get("nextCursor").asText());
      walked.addAll(ids(page));
      pages++;
    }
    assertThat(pages).isEqualTo(3);
    assertThat(walked).containsExactly(e5, e3e4First, e3e4Second, e2, e1);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "limit=0              | limit",
        "limit=201            | limit",
        "limit=abc            | limit",
        "cursor=AAAA          | cursor",
        "since=yesterday      | since",
        "until=2026-11-20     | until",
        "tenantId=acme        | tenantId",
        "type=job.started     | type",
      })
  void aBadQueryParameterIsA400ProblemNamingIt(String query, String parameter) throws Exception {
    HttpResponse<String> response = api.send("GET", PATH + "?" + query, ADMIN_KEY, null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("type").asText())
        .isEqualTo("https://fetchq.io/problems/invalid-parameter");
    assertThat(problem.get("detail").asText()).contains("'" + parameter + "'");
    assertThat(problem.get("errors").findValuesAsText("parameter")).containsExactly(parameter);
  }

  @Test
  void replayQueuesTheSameEventAgainForAttemptOneAndRefusesASecondReplay() throws Exception {
    String tenant = createTenant("single");
    UUID entry = failed(tenant, "job.failed", T0, true);

    HttpResponse<String> replayed =
        api.send("POST", PATH + "/" + entry + "/replay", ADMIN_KEY, null);

    assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(202);
    JsonNode body = json.readTree(replayed.body());
    assertThat(body.get("id").asText()).isEqualTo(entry.toString());
    assertThat(body.get("replayCount").asInt()).isEqualTo(1);
    assertThat(body.get("attempts").asInt()).isZero();
    assertThat(body.get("failedAt").isNull()).isTrue();
    assertThat(body.get("lastError").isNull()).isTrue();
    assertThat(row(entry))
        .containsEntry("state", "queued")
        .containsEntry("attempts", 0)
        .containsEntry("replay_count", 1)
        .containsEntry("last_error", null)
        .containsEntry("last_status_code", null)
        .containsEntry("next_attempt_at", null)
        .containsEntry("failed_at", null);
    assertThat(messagesFor(entry)).hasSize(1);
    CallbackMessage message = messagesFor(entry).getFirst();
    assertThat(message.attempt()).isEqualTo(1);
    assertThat(message.tenantId().toString()).isEqualTo(tenant);
    assertThat(message.host()).isEqualTo("hooks.example");
    assertThat(ids(list("?tenantId=" + tenant))).isEmpty();

    HttpResponse<String> again = api.send("POST", PATH + "/" + entry + "/replay", ADMIN_KEY, null);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
    assertThat(json.readTree(again.body()).get("type").asText())
        .isEqualTo("https://fetchq.io/problems/callback-not-replayable");
    HttpResponse<String> unknown =
        api.send("POST", PATH + "/" + UUID.randomUUID() + "/replay", ADMIN_KEY, null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json.readTree(unknown.body()).get("type").asText())
        .isEqualTo("https://fetchq.io/problems/not-found");
    assertThat(messagesFor(entry)).hasSize(1);
  }

  @Test
  void anEventWhoseSubjectVanishedCannotBeReplayed() throws Exception {
    String tenant = createTenant("vanished");
    UUID entry = failed(tenant, "job.failed", T0, false);

    HttpResponse<String> refused =
        api.send("POST", PATH + "/" + entry + "/replay", ADMIN_KEY, null);

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    assertThat(row(entry)).containsEntry("state", "failed");
  }

  @Test
  void aDryRunCountsAndChangesNothingThenABulkReplayQueuesTheMatches() throws Exception {
    String tenant = createTenant("bulk");
    UUID a = failed(tenant, "job.failed", T0, true);
    UUID b = failed(tenant, "job.failed", T0.plusSeconds(1), true);
    UUID c = failed(tenant, "job.failed", T0.plusSeconds(2), true);
    UUID other = failed(tenant, "batch.completed", T0.plusSeconds(3), true);
    failed(tenant, "job.failed", T0.plusSeconds(4), false);
    List<Map<String, Object>> before = rows(tenant);
    String filter = "{\"tenantId\": \"%s\", \"type\": \"job.failed\"}".formatted(tenant);

    HttpResponse<String> dry =
        api.send(
            "POST",
            PATH + "/replay",
            ADMIN_KEY,
            "{\"filter\": %s, \"limit\": 10000, \"dryRun\": true}".formatted(filter));

    assertThat(dry.statusCode()).as(dry.body()).isEqualTo(202);
    assertThat(json.readTree(dry.body()))
        .isEqualTo(json.readTree("{\"matched\": 3, \"replayed\": 0}"));
    assertThat(rows(tenant)).isEqualTo(before);
    assertThat(messagesFor(a)).isEmpty();

    HttpResponse<String> some =
        api.send(
            "POST",
            PATH + "/replay",
            ADMIN_KEY,
            "{\"filter\": %s, \"limit\": 2}".formatted(filter));
    assertThat(some.statusCode()).as(some.body()).isEqualTo(202);
    assertThat(json.readTree(some.body()))
        .isEqualTo(json.readTree("{\"matched\": 2, \"replayed\": 2}"));
    assertThat(row(c)).containsEntry("state", "queued").containsEntry("replay_count", 1);
    assertThat(row(b)).containsEntry("state", "queued");
    assertThat(row(a)).containsEntry("state", "failed");
    assertThat(row(other)).containsEntry("state", "failed");
    assertThat(messagesFor(c)).extracting(CallbackMessage::attempt).containsExactly(1);
    assertThat(messagesFor(b)).hasSize(1);
    assertThat(messagesFor(a)).isEmpty();

    HttpResponse<String> rest =
        api.send("POST", PATH + "/replay", ADMIN_KEY, "{\"filter\": %s}".formatted(filter));
    assertThat(json.readTree(rest.body()))
        .isEqualTo(json.readTree("{\"matched\": 1, \"replayed\": 1}"));
    assertThat(row(a)).containsEntry("state", "queued");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"filter\": {}, \"limit\": 0}                      | 422 | /limit",
        "{\"filter\": {}, \"limit\": 10001}                  | 422 | /limit",
        "{\"limit\": 5}                                      | 422 | /filter",
        "{\"filter\": {\"since\": \"soon\"}}                 | 422 | /filter/since",
        "{\"filter\": {\"tenantId\": \"acme\"}}              | 422 | /filter/tenantId",
        "{\"filter\": {\"type\": \"job.late\"}}              | 422 | /filter/type",
        "{\"filter\": {\"host\": \"a.example\"}}             | 400 | /filter/host",
        "{\"filter\": {}, \"dryrun\": true}                  | 400 | /dryrun",
      })
  void anInvalidBulkRequestIsRefusedWithAPointer(String body, int status, String pointer)
      throws Exception {
    HttpResponse<String> response = api.send("POST", PATH + "/replay", ADMIN_KEY, body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(json.readTree(response.body()).get("errors").findValuesAsText("pointer"))
        .contains(pointer);
  }

  @Test
  void tenantKeysWithoutAdminCannotReachAnyCallbackDeadLetterEndpoint() throws Exception {
    String tenant = createTenant("outsider");
    UUID entry = failed(tenant, "job.failed", T0, true);
    String key = api.key(tenant, "jobs:read", "jobs:write");
    List<Map<String, Object>> before = rows(tenant);

    for (String[] call :
        new String[][] {
          {"GET", PATH + "?tenantId=" + tenant, null},
          {"POST", PATH + "/" + entry + "/replay", null},
          {"POST", PATH + "/replay", "{\"filter\": {}}"},
        }) {
      assertThat(api.send(call[0], call[1], key, call[2]).statusCode()).as(call[1]).isEqualTo(403);
      assertThat(api.send(call[0], call[1], "no-such-key", call[2]).statusCode())
          .as(call[1])
          .isEqualTo(401);
    }
    assertThat(rows(tenant)).isEqualTo(before);
  }

  // ---- helpers

  /** A failed delivery of tenant {@code tenant}; {@code rendered}: its payload was rendered. */
  private UUID failed(String tenant, String type, Instant failedAt, boolean rendered) {
    UUID id = UUID.randomUUID();
    boolean batch = type.equals("batch.completed");
    jdbc()
        .sql(
            """
            INSERT INTO webhook_deliveries (id, tenant_id, job_id, batch_id, event_type, url, state,
                                            attempts, last_status_code, last_error, payload,
                                            occurred_at, updated_at, failed_at)
            VALUES (?, ?, ?, ?, ?, 'https://hooks.example/in', 'failed', 10, 500,
                    'http_status: 500', ?, ?, ?, ?)
            """)
        .params(
            id,
            UUID.fromString(tenant),
            batch ? null : UUID.randomUUID(),
            batch ? UUID.randomUUID() : null,
            type,
            rendered ? "{\"type\": \"" + type + "\"}" : null,
            Timestamp.from(failedAt.minusSeconds(86_400)),
            Timestamp.from(failedAt),
            Timestamp.from(failedAt))
        .update();
    return id;
  }

  private void pending(String tenant) {
    jdbc()
        .sql(
            "INSERT INTO webhook_deliveries (id, tenant_id, job_id, event_type, url, state,"
                + " payload, occurred_at, updated_at) VALUES (?, ?, ?, 'job.completed',"
                + " 'https://hooks.example/in', 'scheduled', '{}', now(), now())")
        .params(UUID.randomUUID(), UUID.fromString(tenant), UUID.randomUUID())
        .update();
  }

  private Map<String, Object> row(UUID id) {
    return jdbc()
        .sql(
            "SELECT state, attempts, replay_count, last_error, last_status_code, next_attempt_at,"
                + " failed_at FROM webhook_deliveries WHERE id = ?")
        .param(id)
        .query()
        .singleRow();
  }

  private List<Map<String, Object>> rows(String tenant) {
    return jdbc()
        .sql("SELECT * FROM webhook_deliveries WHERE tenant_id = ? ORDER BY id")
        .param(UUID.fromString(tenant))
        .query()
        .listOfRows();
  }

  private List<CallbackMessage> messagesFor(UUID id) {
    return new CallbackRecords(jdbc(), broker.getBrokersAsString(), TOPIC, json).messagesFor(id);
  }

  private JsonNode list(String query) throws Exception {
    HttpResponse<String> response = api.send("GET", PATH + query, ADMIN_KEY, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private static JsonNode entry(JsonNode page, UUID id) {
    for (JsonNode item : page.get("items")) {
      if (item.get("id").asText().equals(id.toString())) {
        return item;
      }
    }
    throw new AssertionError("no entry " + id + " in " + page);
  }

  private static List<UUID> ids(JsonNode page) {
    List<UUID> ids = new ArrayList<>();
    page.get("items").forEach(item -> ids.add(UUID.fromString(item.get("id").asText())));
    return ids;
  }

  private static String enc(Object value) {
    return URLEncoder.encode(value.toString(), StandardCharsets.UTF_8);
  }

  private String createTenant(String purpose) throws Exception {
    HttpResponse<String> created =
        api.send(
            "POST",
            "/api/v1/admin/tenants",
            ADMIN_KEY,
            "{\"name\": \"cbdlq-"
                + purpose
                + "-"
                + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36)
                + "\", \"rateLimit\": {\"perSecond\": 100, \"burst\": 200}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json.readTree(created.body()).get("id").asText();
  }
}
