package io.fetchq.api.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.idempotency.usecase.PurgeExpiredIdempotencyKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code Idempotency-Key} end to end, through HTTP against PostgreSQL: replays, a reused key, a key
 * in flight (the first request held deterministically by a lock on its tenant's row), twenty
 * concurrent identical submissions, tenant scoping, refusals that leave the key unused, expiry and
 * the purge. Every test works in tenants of its own, made through the admin API.
 */
class IdempotencyIT extends ApiIntegrationTest {

  private static final Logger log = LoggerFactory.getLogger(IdempotencyIT.class);
  private static final String JOB = "{\"url\": \"https://example.org/idem\", \"method\": \"GET\"}";
  private static final String SAME_JOB_RESPELLED =
      "{\n  \"method\" : \"GET\" ,\n  \"url\" : \"https:\\/\\/example.org\\/idem\"\n}";

  @Autowired private PurgeExpiredIdempotencyKeys purge;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theSameRequestIsAnsweredWithTheOriginalJob() throws Exception {
    Tenant tenant = newTenant("replay");
    String key = UUID.randomUUID().toString();

    HttpResponse<String> first = submit(tenant, key, JOB);
    HttpResponse<String> again = submit(tenant, key, SAME_JOB_RESPELLED);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(again.headers().firstValue("Location"))
        .isPresent()
        .isEqualTo(first.headers().firstValue("Location"));
    assertThat(json.readTree(again.body())).isEqualTo(json.readTree(first.body()));
    String id = json.readTree(first.body()).get("id").asText();
    HttpResponse<String> read = send("GET", "/api/v1/jobs/" + id, tenant.key(), null, null);
    assertThat(json.readTree(again.body())).isEqualTo(json.readTree(read.body()));
    assertThat(jobsOf(tenant)).isEqualTo(1);
    assertThat(keyRow(tenant, key).get("resource_id")).isEqualTo(UUID.fromString(id));
  }

  @Test
  void aDifferentRequestWithTheKeyIsRefused() throws Exception {
    Tenant tenant = newTenant("reused");
    String key = UUID.randomUUID().toString();
    assertThat(submit(tenant, key, JOB).statusCode()).isEqualTo(202);

    assertProblem(
        submit(tenant, key, "{\"url\": \"https://example.org/other\"}"),
        422,
        "idempotency-key-reused");
    assertProblem(
        submit(tenant, key, "{\"url\": \"https://example.org/idem\"}"), // method left to default
        422,
        "idempotency-key-reused");
    assertThat(jobsOf(tenant)).isEqualTo(1);
  }

  @Test
  void aRequestWhileTheFirstIsInFlightIsAConflict() throws Exception {
    Tenant tenant = newTenant("inflight");
    String key = UUID.randomUUID().toString();
    CompletableFuture<HttpResponse<String>> first;
    // Hold the tenant's row: the first request takes the key's lock, then waits on this row when
    // it inserts the key (foreign key to tenants), so it is in flight for as long as we hold it.
    try (Connection holder = dataSource.getConnection()) {
      holder.setAutoCommit(false);
      try (PreparedStatement lock =
          holder.prepareStatement("SELECT 1 FROM tenants WHERE id = ? FOR UPDATE")) {
        lock.setObject(1, UUID.fromString(tenant.id()));
        lock.executeQuery().close();
      }
      first = submitAsync(tenant, key, JOB);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> waitingKeyInserts() == 1 && !first.isDone());

      HttpResponse<String> second = submit(tenant, key, SAME_JOB_RESPELLED);
      HttpResponse<String> different =
          submit(tenant, key, "{\"url\": \"https://example.org/other\"}");

      assertProblem(second, 409, "idempotency-key-in-flight");
      assertProblem(different, 409, "idempotency-key-in-flight");
      assertThat(first).isNotDone();
      holder.rollback();
    }

    HttpResponse<String> firstAnswer = first.get();
    assertThat(firstAnswer.statusCode()).as(firstAnswer.body()).isEqualTo(202);
    HttpResponse<String> afterwards = submit(tenant, key, JOB);
    assertThat(afterwards.statusCode()).isEqualTo(200);
    assertThat(json.readTree(afterwards.body()).get("id"))
        .isEqualTo(json.readTree(firstAnswer.body()).get("id"));
    assertThat(jobsOf(tenant)).isEqualTo(1);
  }

  @Test
  void twentyConcurrentIdenticalSubmissionsCreateExactlyOneJob() throws Exception {
    Tenant tenant = newTenant("twenty");
    String key = UUID.randomUUID().toString();

    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(submitAsync(tenant, key, i % 2 == 0 ? JOB : SAME_JOB_RESPELLED));
    }
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> call : calls) {
      answers.add(call.get());
    }

    Map<Integer, Long> byStatus =
        answers.stream()
            .collect(
                Collectors.groupingBy(
                    HttpResponse::statusCode, TreeMap::new, Collectors.counting()));
    log.info("twenty concurrent identical submissions answered {}", byStatus);
    assertThat(byStatus.keySet()).isSubsetOf(Set.of(200, 202, 409));
    assertThat(byStatus.get(202)).isEqualTo(1);
    Set<String> ids = new java.util.HashSet<>();
    for (HttpResponse<String> answer : answers) {
      if (answer.statusCode() == 409) {
        assertProblem(answer, 409, "idempotency-key-in-flight");
      } else {
        ids.add(json.readTree(answer.body()).get("id").asText());
      }
    }
    assertThat(ids).hasSize(1);
    assertThat(jobsOf(tenant)).isEqualTo(1);
    assertThat(keyRow(tenant, key).get("resource_id").toString()).isEqualTo(ids.iterator().next());
    HttpResponse<String> later = submit(tenant, key, JOB);
    assertThat(later.statusCode()).isEqualTo(200);
    assertThat(json.readTree(later.body()).get("id").asText()).isIn(ids);
  }

  @Test
  void keysAreScopedToTheTenant() throws Exception {
    Tenant a = newTenant("scope-a");
    Tenant b = newTenant("scope-b");
    String key = "shared-" + UUID.randomUUID();

    HttpResponse<String> inA = submit(a, key, JOB);
    HttpResponse<String> inB = submit(b, key, JOB);

    assertThat(inA.statusCode()).isEqualTo(202);
    assertThat(inB.statusCode()).as("another tenant's key is no replay").isEqualTo(202);
    assertThat(json.readTree(inA.body()).get("id"))
        .isNotEqualTo(json.readTree(inB.body()).get("id"));
    assertThat(jobsOf(a)).isEqualTo(1);
    assertThat(jobsOf(b)).isEqualTo(1);
    assertThat(submit(b, key, "{\"url\": \"https://example.org/b-only\"}").statusCode())
        .isEqualTo(422);
  }

  @Test
  void refusedRequestsDoNotUseTheKeyUp() throws Exception {
    Tenant tenant = newTenant("refused");
    String key = UUID.randomUUID().toString();

    assertProblem(
        submit(tenant, key, "{\"url\": \"ftp://example.org/\"}"), 422, "validation-error");
    assertProblem(submit(tenant, key, "{\"url\": \"http://10.1.2.3/\"}"), 422, "validation-error");
    assertProblem(submit(tenant, key, "{\"url\": "), 400, "malformed-request");
    assertProblem(
        submit(tenant, key, "{\"url\": \"https://example.org/\", \"typo\": 1}"),
        400,
        "unknown-field");
    assertThat(keyRows(tenant)).isZero();

    HttpResponse<String> valid = submit(tenant, key, JOB);
    assertThat(valid.statusCode()).as(valid.body()).isEqualTo(202);
    assertThat(jobsOf(tenant)).isEqualTo(1);
  }

  @Test
  void aMalformedKeyIsABadRequestThatChangesNothing() throws Exception {
    Tenant tenant = newTenant("malformed");

    HttpResponse<String> tooLong = submit(tenant, "k".repeat(256), JOB);
    HttpResponse<String> withSpace = submit(tenant, "two words", JOB);

    assertProblem(tooLong, 400, "invalid-idempotency-key");
    assertThat(json.readTree(tooLong.body()).get("detail").asText())
        .isEqualTo("Idempotency-Key must be at most 255 characters long; it has 256.");
    assertProblem(withSpace, 400, "invalid-idempotency-key");
    assertThat(jobsOf(tenant)).isZero();
    assertThat(keyRows(tenant)).isZero();
    assertThat(submit(tenant, "k".repeat(255), JOB).statusCode()).isEqualTo(202);
  }

  @Test
  void anExpiredKeyIsPurgedAndThenStartsANewJob() throws Exception {
    Tenant tenant = newTenant("expiry");
    String key = UUID.randomUUID().toString();
    String firstId = json.readTree(submit(tenant, key, JOB).body()).get("id").asText();
    assertThat(
            jdbc()
                .sql(
                    "SELECT expires_at - created_at = interval '24 hours' FROM idempotency_keys"
                        + " WHERE tenant_id = ?")
                .param(UUID.fromString(tenant.id()))
                .query(Boolean.class)
                .single())
        .as("kept 24 hours by default")
        .isTrue();
    age(tenant);

    long purged = purge.purge();

    assertThat(purged).isGreaterThanOrEqualTo(1);
    assertThat(keyRows(tenant)).isZero();
    HttpResponse<String> reused = submit(tenant, key, "{\"url\": \"https://example.org/new\"}");
    assertThat(reused.statusCode()).as(reused.body()).isEqualTo(202);
    String secondId = json.readTree(reused.body()).get("id").asText();
    assertThat(secondId).isNotEqualTo(firstId);
    assertThat(jobsOf(tenant)).isEqualTo(2);
    assertThat(keyRow(tenant, key).get("resource_id")).isEqualTo(UUID.fromString(secondId));
  }

  @Test
  void anExpiredKeyNotYetPurgedAlsoStartsANewJob() throws Exception {
    Tenant tenant = newTenant("expired-unpurged");
    String key = UUID.randomUUID().toString();
    String firstId = json.readTree(submit(tenant, key, JOB).body()).get("id").asText();
    age(tenant);

    HttpResponse<String> again = submit(tenant, key, JOB);

    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(json.readTree(again.body()).get("id").asText()).isNotEqualTo(firstId);
    assertThat(jobsOf(tenant)).isEqualTo(2);
    assertThat(keyRows(tenant)).isEqualTo(1);
  }

  @Test
  void thePurgeDeletesABacklogInBatchesAndKeepsLiveKeys() throws Exception {
    Tenant tenant = newTenant("backlog");
    jdbc()
        .sql(
            """
            INSERT INTO idempotency_keys (tenant_id, idempotency_key, resource_type, fingerprint,
                                          resource_id, created_at, expires_at)
            SELECT ?, 'old-' || g, 'job', sha256(g::text::bytea), gen_random_uuid(),
                   now() - interval '3 days', now() - interval '2 days' + g * interval '1 ms'
              FROM generate_series(1, 2500) g
            """)
        .param(UUID.fromString(tenant.id()))
        .update();
    submit(tenant, "live-1", JOB);
    submit(tenant, "live-2", JOB);

    long started = System.nanoTime();
    long purged = purge.purge();
    log.info(
        "purged {} expired keys in {} ms",
        purged,
        Duration.ofNanos(System.nanoTime() - started).toMillis());

    assertThat(purged).isGreaterThanOrEqualTo(2500);
    assertThat(keyRows(tenant)).isEqualTo(2);
    assertThat(submit(tenant, "live-1", JOB).statusCode()).isEqualTo(200);
  }

  @Test
  void documentsTheHeader() throws Exception {
    HttpResponse<String> docs =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl() + "/v3/api-docs")).build(),
            HttpResponse.BodyHandlers.ofString());

    JsonNode parameters = json.readTree(docs.body()).at("/paths/~1api~1v1~1jobs/post/parameters");
    assertThat(parameters.isArray()).isTrue();
    JsonNode header = null;
    for (JsonNode parameter : parameters) {
      if (parameter.get("name").asText().equals("Idempotency-Key")) {
        header = parameter;
      }
    }
    assertThat(header).isNotNull();
    assertThat(header.get("in").asText()).isEqualTo("header");
    assertThat(header.get("required").asBoolean(false)).isFalse();
    assertThat(header.get("schema").get("maxLength").asInt()).isEqualTo(255);
    assertThat(header.get("description").asText()).contains("409", "422", "24 hours");
  }

  // --- helpers ----------------------------------------------------------------------------------

  private record Tenant(String id, String key) {}

  private Tenant newTenant(String purpose) throws Exception {
    String name =
        "it-idem-"
            + purpose
            + "-"
            + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    HttpResponse<String> created =
        send(
            "POST",
            "/api/v1/admin/tenants",
            ADMIN_KEY,
            null,
            "{\"name\": \"" + name + "\", \"rateLimit\": {\"perSecond\": 1000, \"burst\": 1000}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = json.readTree(created.body()).get("id").asText();
    HttpResponse<String> issued =
        send(
            "POST",
            "/api/v1/admin/tenants/" + id + "/api-keys",
            ADMIN_KEY,
            null,
            "{\"scopes\": [\"jobs:write\", \"jobs:read\"]}");
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    return new Tenant(id, json.readTree(issued.body()).get("key").asText());
  }

  /** Moves the tenant's keys 25 hours into the past: expired an hour ago. */
  private void age(Tenant tenant) {
    jdbc()
        .sql(
            "UPDATE idempotency_keys SET created_at = created_at - interval '25 hours',"
                + " expires_at = expires_at - interval '25 hours' WHERE tenant_id = ?")
        .param(UUID.fromString(tenant.id()))
        .update();
  }

  private long waitingKeyInserts() {
    return jdbc()
        .sql(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
                + " AND query LIKE '%INSERT INTO idempotency_keys%'")
        .query(Long.class)
        .single();
  }

  private long jobsOf(Tenant tenant) {
    return jdbc()
        .sql("SELECT count(*) FROM jobs WHERE tenant_id = ?")
        .param(UUID.fromString(tenant.id()))
        .query(Long.class)
        .single();
  }

  private long keyRows(Tenant tenant) {
    return jdbc()
        .sql("SELECT count(*) FROM idempotency_keys WHERE tenant_id = ?")
        .param(UUID.fromString(tenant.id()))
        .query(Long.class)
        .single();
  }

  private Map<String, Object> keyRow(Tenant tenant, String key) {
    return jdbc()
        .sql("SELECT * FROM idempotency_keys WHERE tenant_id = ? AND idempotency_key = ?")
        .params(UUID.fromString(tenant.id()), key)
        .query()
        .singleRow();
  }

  private HttpResponse<String> submit(Tenant tenant, String key, String body) throws Exception {
    return send("POST", "/api/v1/jobs", tenant.key(), key, body);
  }

  private CompletableFuture<HttpResponse<String>> submitAsync(
      Tenant tenant, String key, String body) {
    return http.sendAsync(
        request("POST", "/api/v1/jobs", tenant.key(), key, body),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(
      String method, String path, String apiKey, String idempotencyKey, String body)
      throws Exception {
    return http.send(
        request(method, path, apiKey, idempotencyKey, body), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest request(
      String method, String path, String apiKey, String idempotencyKey, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .header("Authorization", "Bearer " + apiKey)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return request.build();
  }

  private void assertProblem(HttpResponse<String> response, int status, String type)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json.readTree(response.body()).get("type").asText())
        .isEqualTo("https://fetchq.io/problems/" + type);
  }
}
