package io.fetchq.api.batches;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.contracts.jobs.v1.FetchJobMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/**
 * Batches and listings against the running application: a 1000-job batch is stored in one
 * transaction and every job reaches Kafka; its counts follow its jobs as workers would move them;
 * tenants never see each other's batches; paging never repeats or skips a job while others are
 * submitted.
 */
class BatchIT extends ApiIntegrationTest {

  private static final String JOB = "{\"url\": \"https://example.org/batch\"}";

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void storesAThousandJobBatchAndPublishesEveryJob() throws Exception {
    String key = tenantKey("thousand");
    try (KafkaConsumer<String, byte[]> consumer = jobsConsumerAtEnd()) {
      HttpResponse<String> response =
          send("POST", "/api/v1/batches", key, batch(1000, "https://client.example/done"));

      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      JsonNode body = json.readTree(response.body());
      UUID batchId = UUID.fromString(body.get("id").asText());
      assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/batches/" + batchId);
      List<String> jobIds = new ArrayList<>();
      body.get("jobIds").forEach(id -> jobIds.add(id.asText()));
      assertThat(jobIds).hasSize(1000).doesNotHaveDuplicates();

      Map<String, Object> batchRow =
          jdbc()
              .sql("SELECT size, callback_url FROM batches WHERE id = ?")
              .param(batchId)
              .query()
              .singleRow();
      assertThat(batchRow)
          .containsEntry("size", 1000)
          .containsEntry("callback_url", "https://client.example/done");
      List<String> stored =
          jdbc()
              .sql("SELECT id::text FROM jobs WHERE batch_id = ? AND status = 'queued' ORDER BY id")
              .param(batchId)
              .query(String.class)
              .list();
      assertThat(stored).as("ids ascend in submission order").isEqualTo(jobIds);

      List<ConsumerRecord<String, byte[]>> records =
          pollUntil(
              consumer,
              received ->
                  received.stream().map(ConsumerRecord::key).distinct().count() >= jobIds.size(),
              Duration.ofSeconds(60));
      Set<String> published = new HashSet<>();
      for (ConsumerRecord<String, byte[]> record : records) {
        FetchJobMessage message = json.readValue(record.value(), FetchJobMessage.class);
        assertThat(message.jobId().toString()).isEqualTo(record.key());
        assertThat(message.attempt()).isEqualTo(1);
        assertThat(message.host()).isEqualTo("example.org");
        published.add(record.key());
      }
      assertThat(published).containsExactlyInAnyOrderElementsOf(jobIds);
    }
  }

  @Test
  void refusesTheWholeBatchForOneInvalidJob() throws Exception {
    String key = tenantKey("invalid");
    List<String> jobs = new ArrayList<>(Collections.nCopies(30, JOB));
    jobs.set(17, "{\"url\": \"http://169.254.169.254/latest/meta-data\"}");
    jobs.set(21, "{\"url\": \"https://example.org/\", \"timeoutMs\": 1}");
    long before = jdbc().sql("SELECT count(*) FROM batches").query(Long.class).single();

    HttpResponse<String> response =
        send("POST", "/api/v1/batches", key, "{\"jobs\": [" + String.join(",", jobs) + "]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("errors").findValuesAsText("pointer"))
        .containsExactly("/jobs/17/url", "/jobs/21/timeoutMs");
    assertThat(jdbc().sql("SELECT count(*) FROM batches").query(Long.class).single())
        .isEqualTo(before);
  }

  @Test
  void countsFollowTheJobsUntilTheLastIsTerminal() throws Exception {
    String key = tenantKey("counts");
    UUID batchId = submitBatch(key, 5);
    List<UUID> jobs =
        jdbc()
            .sql("SELECT id FROM jobs WHERE batch_id = ? ORDER BY id")
            .param(batchId)
            .query(UUID.class)
            .list();

    JsonNode fresh = get("/api/v1/batches/" + batchId, key);
    assertThat(fresh.get("status").asText()).isEqualTo("running");
    assertThat(fresh.get("size").asInt()).isEqualTo(5);
    assertThat(fresh.get("counts").get("queued").asInt()).isEqualTo(5);
    assertThat(fresh.get("completedAt").isNull()).isTrue();

    Instant early = Instant.parse("2026-11-22T10:00:01.500Z");
    Instant last = Instant.parse("2026-11-22T10:00:07.250Z");
    setStatus(jobs.get(0), "running", null);
    setStatus(jobs.get(1), "retrying", null);
    setStatus(jobs.get(2), "completed", early);
    JsonNode moving = get("/api/v1/batches/" + batchId, key);
    assertThat(moving.get("counts").toString())
        .isEqualTo(
            "{\"queued\":2,\"running\":1,\"retrying\":1,\"completed\":1,\"failed\":0,\"cancelled\":0}");
    assertThat(moving.get("status").asText()).isEqualTo("running");
    assertThat(moving.get("completedAt").isNull()).isTrue();

    setStatus(jobs.get(0), "completed", early);
    setStatus(jobs.get(1), "failed", last);
    setStatus(jobs.get(3), "cancelled", early);
    HttpResponse<String> cancel = send("DELETE", "/api/v1/jobs/" + jobs.get(4), key, null);
    assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
    Instant cancelledAt = Instant.parse(json.readTree(cancel.body()).get("completedAt").asText());

    JsonNode done = get("/api/v1/batches/" + batchId, key);
    assertThat(done.get("status").asText()).isEqualTo("completed");
    assertThat(done.get("counts").toString())
        .isEqualTo(
            "{\"queued\":0,\"running\":0,\"retrying\":0,\"completed\":2,\"failed\":1,\"cancelled\":2}");
    assertThat(Instant.parse(done.get("completedAt").asText()))
        .isEqualTo(cancelledAt.isAfter(last) ? cancelledAt : last);

    JsonNode failedOnly = get("/api/v1/jobs?batchId=" + batchId + "&status=failed", key);
    assertThat(failedOnly.get("items").findValuesAsText("id"))
        .containsExactly(jobs.get(1).toString());
  }

  @Test
  void anotherTenantNeverSeesABatch() throws Exception {
    String owner = tenantKey("owner");
    String stranger = tenantKey("stranger");
    UUID batchId = submitBatch(owner, 3);

    assertThat(send("GET", "/api/v1/batches/" + batchId, stranger, null).statusCode())
        .isEqualTo(404);
    assertThat(send("GET", "/api/v1/batches/" + batchId + "/jobs", stranger, null).statusCode())
        .isEqualTo(404);
    JsonNode listed = get("/api/v1/jobs?batchId=" + batchId, stranger);
    assertThat(listed.get("items")).isEmpty();
    assertThat(listed.get("nextCursor").isNull()).isTrue();
    assertThat(get("/api/v1/batches/" + batchId + "/jobs", owner).get("items")).hasSize(3);
    assertThat(get("/api/v1/jobs", stranger).get("items")).as("unfiltered listing").isEmpty();
    assertThat(get("/api/v1/jobs?status=queued&limit=200", stranger).get("items"))
        .as("listing by status")
        .isEmpty();
    String ownersJob = get("/api/v1/jobs", owner).get("items").get(0).get("id").asText();
    assertThat(send("GET", "/api/v1/jobs/" + ownersJob, stranger, null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void pagingNeverRepeatsNorSkipsAJobWhileOthersAreSubmitted() throws Exception {
    String key = tenantKey("paging");
    Set<String> existing = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      submitBatch(key, 100);
    }
    for (int i = 0; i < 20; i++) {
      send("POST", "/api/v1/jobs", key, JOB);
    }
    existing.addAll(
        jdbc()
            .sql(
                "SELECT j.id::text FROM jobs j JOIN api_keys k ON k.tenant_id = j.tenant_id"
                    + " WHERE k.key_hash = sha256(convert_to(?, 'UTF8'))")
            .param(key)
            .query(String.class)
            .list());
    assertThat(existing).hasSize(320);

    AtomicBoolean walking = new AtomicBoolean(true);
    AtomicInteger submittedMeanwhile = new AtomicInteger();
    Thread submitter =
        Thread.ofVirtual()
            .start(
                () -> {
                  while (walking.get()) {
                    try {
                      if (send("POST", "/api/v1/batches", key, batch(5, null)).statusCode()
                          == 202) {
                        submittedMeanwhile.addAndGet(5);
                      }
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  }
                });
    List<String> seen = new ArrayList<>();
    try {
      String cursor = null;
      do {
        JsonNode page =
            get("/api/v1/jobs?limit=17" + (cursor == null ? "" : "&cursor=" + cursor), key);
        page.get("items").forEach(item -> seen.add(item.get("id").asText()));
        cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
      } while (cursor != null);
    } finally {
      walking.set(false);
      submitter.join();
    }

    assertThat(seen).doesNotHaveDuplicates().containsAll(existing);
    assertThat(seen).isSortedAccordingTo(Collections.reverseOrder());
    assertThat(submittedMeanwhile.get()).isPositive();
  }

  @Test
  void aTamperedCursorIsABadRequest() throws Exception {
    String key = tenantKey("cursor");
    HttpResponse<String> response = send("GET", "/api/v1/jobs?cursor=AAAA_tampered", key, null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json.readTree(response.body()).get("type").asText())
        .isEqualTo("https://fetchq.io/problems/invalid-parameter");
  }

  @Test
  void anIdempotencyKeyReplaysTheBatchAndRefusesAnotherRequest() throws Exception {
    String key = tenantKey("idempotent");
    HttpResponse<String> first = sendWithKey(key, batch(3, null), "batch-key-1");
    HttpResponse<String> again = sendWithKey(key, batch(3, null), "batch-key-1");
    HttpResponse<String> other = sendWithKey(key, batch(2, null), "batch-key-1");

    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(again.headers().firstValue("Location"))
        .isEqualTo(first.headers().firstValue("Location"));
    JsonNode original = json.readTree(first.body());
    JsonNode replayed = json.readTree(again.body());
    assertThat(replayed.get("id")).isEqualTo(original.get("id"));
    assertThat(replayed.get("jobIds")).isEqualTo(original.get("jobIds"));
    assertThat(replayed.get("size").asInt()).isEqualTo(3);
    assertThat(other.statusCode()).as(other.body()).isEqualTo(422);
    assertThat(json.readTree(other.body()).get("type").asText())
        .endsWith("/idempotency-key-reused");
    assertThat(
            jdbc()
                .sql("SELECT count(*) FROM jobs WHERE batch_id = ?")
                .param(UUID.fromString(original.get("id").asText()))
                .query(Long.class)
                .single())
        .isEqualTo(3);
  }

  @Test
  void aBatchLargerThanTheTenantsBurstIsRefusedWholeAndCreatesNothing() throws Exception {
    String key = tenantKey("burst", 1, 5);
    long batchesBefore = jdbc().sql("SELECT count(*) FROM batches").query(Long.class).single();

    HttpResponse<String> refused = send("POST", "/api/v1/batches", key, batch(6, null));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
    assertThat(json.readTree(refused.body()).get("detail").asText())
        .contains("needs 6 tokens")
        .contains("at most 5");
    assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("\"default\";q=5;w=5");
    assertThat(jdbc().sql("SELECT count(*) FROM batches").query(Long.class).single())
        .isEqualTo(batchesBefore);
    assertThat(send("POST", "/api/v1/batches", key, batch(5, null)).statusCode())
        .as("a batch within the burst costs its 5 tokens")
        .isEqualTo(202);
  }

  // --- helpers ----------------------------------------------------------------------------------

  private void setStatus(UUID job, String status, Instant completedAt) {
    jdbc()
        .sql("UPDATE jobs SET status = ?, completed_at = ?, updated_at = now() WHERE id = ?")
        .params(status, completedAt == null ? null : Timestamp.from(completedAt), job)
        .update();
  }

  private UUID submitBatch(String key, int size) throws Exception {
    HttpResponse<String> response = send("POST", "/api/v1/batches", key, batch(size, null));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return UUID.fromString(json.readTree(response.body()).get("id").asText());
  }

  private static String batch(int size, String callbackUrl) {
    return "{\"jobs\": ["
        + String.join(",", Collections.nCopies(size, JOB))
        + "]"
        + (callbackUrl == null ? "" : ", \"callbackUrl\": \"" + callbackUrl + "\"")
        + "}";
  }

  /** A key with jobs:read and jobs:write of a new tenant whose rate limit never binds. */
  private String tenantKey(String purpose) throws Exception {
    return tenantKey(purpose, 100_000, 1_000_000);
  }

  /** A key with jobs:read and jobs:write of a new tenant with the given rate limit. */
  private String tenantKey(String purpose, int perSecond, int burst) throws Exception {
    String name =
        "batch-"
            + purpose
            + "-"
            + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    HttpResponse<String> tenant =
        send(
            "POST",
            "/api/v1/admin/tenants",
            ADMIN_KEY,
            // a 1000-job batch costs 1000 tokens: more than the default burst (200)
            "{\"name\": \""
                + name
                + "\", \"rateLimit\": {\"perSecond\": "
                + perSecond
                + ", \"burst\": "
                + burst
                + "}}");
    assertThat(tenant.statusCode()).as(tenant.body()).isEqualTo(201);
    String tenantId = json.readTree(tenant.body()).get("id").asText();
    HttpResponse<String> key =
        send(
            "POST",
            "/api/v1/admin/tenants/" + tenantId + "/api-keys",
            ADMIN_KEY,
            "{\"scopes\": [\"jobs:read\", \"jobs:write\"]}");
    assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
    return json.readTree(key.body()).get("key").asText();
  }

  private HttpResponse<String> sendWithKey(String key, String body, String idempotencyKey)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/batches"))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", idempotencyKey)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(String path, String key) throws Exception {
    HttpResponse<String> response = send("GET", path, key, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private HttpResponse<String> send(String method, String path, String key, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .header("Authorization", "Bearer " + key)
            .timeout(Duration.ofSeconds(60));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
