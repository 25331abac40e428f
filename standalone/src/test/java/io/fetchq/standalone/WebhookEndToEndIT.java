package io.fetchq.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fetchq.testsupport.TestDatabase;
import io.fetchq.testsupport.TestTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Webhooks end to end (API.md "Webhooks (callbacks)"): the standalone application in this JVM calls
 * back a local receiver ({@link TestTarget}); every signature is checked with an HMAC computed here
 * from the specification's formula, independently of fetchq's own code.
 */
class WebhookEndToEndIT {

  private static final String ADMIN_KEY =
      "wh-admin-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 62), 36);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;

  private static TestTarget receiver;
  private static ConfigurableApplicationContext application;
  private static FetchqHttp http;
  private static String tenantKey;
  private static String tenantSecret;

  @BeforeAll
  static void start() throws IOException {
    TestDatabase database = TestDatabase.create("webhooks");
    receiver = TestTarget.start();
    application =
        StandaloneApplication.create()
            .run(
                StandaloneSettings.inProcessArgs(
                    database,
                    dataDir,
                    ADMIN_KEY,
                    StandaloneSettings.topicPrefix("wh"),
                    Map.of("FETCHQ_WEBHOOK_RETRY_SCHEDULE", "1s,1s,1s,1s")));
    http =
        new FetchqHttp(
            "http://127.0.0.1:" + application.getEnvironment().getProperty("local.server.port"));
    FetchqHttp.Tenant tenant = http.createTenant("wh-", ADMIN_KEY);
    tenantSecret = tenant.webhookSecret();
    tenantKey = tenant.key();
  }

  @AfterAll
  static void stop() {
    if (application != null) {
      application.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void deliversASignedJobCompletedEventWhoseDataIsTheJobAsGetShowsIt() throws Exception {
    String hook = "/fail-times/0/" + UUID.randomUUID();
    String jobId = submit(receiver.url("/ok"), hook);

    TestTarget.Request delivery = awaitDeliveries(hook, 1).getFirst();
    assertThat(delivery.method()).isEqualTo("POST");
    assertThat(header(delivery, "content-type")).startsWith("application/json");
    assertSignedWith(delivery, tenantSecret);
    JsonNode event = JSON.readTree(delivery.body());
    assertThat(event.get("type").asText()).isEqualTo("job.completed");
    assertThat(Instant.parse(event.get("timestamp").asText())).isNotNull();
    JsonNode job = awaitCallback(jobId, "delivered");
    assertThat(job.at("/callback/attempts").asInt()).isEqualTo(1);
    assertThat(job.at("/callback/lastResponseCode").asInt()).isEqualTo(200);
    assertThat(withoutCallback(event.get("data"))).isEqualTo(withoutCallback(job));
    assertThat(event.at("/data/callback/status").asText()).isEqualTo("pending");
  }

  @Test
  void redeliversAfterFailuresWithTheSameIdAndBody() throws Exception {
    String hook = "/fail-times/3/" + UUID.randomUUID();
    String jobId = submit(receiver.url("/ok"), hook);

    List<TestTarget.Request> deliveries = awaitDeliveries(hook, 4);
    assertThat(deliveries)
        .extracting(r -> header(r, "webhook-id"))
        .containsOnly(header(deliveries.getFirst(), "webhook-id"));
    assertThat(deliveries)
        .extracting(r -> new String(r.body(), StandardCharsets.UTF_8))
        .containsOnly(new String(deliveries.getFirst().body(), StandardCharsets.UTF_8));
    deliveries.forEach(r -> assertSignedWith(r, tenantSecret));
    JsonNode job = awaitCallback(jobId, "delivered");
    assertThat(job.at("/callback/attempts").asInt()).isEqualTo(4);
  }

  @Test
  void aReceiverSlowerThanTenSecondsIsRetriedAndDoesNotHoldUpOtherDeliveries() throws Exception {
    String slowHook = "/slow-times/1/11500/" + UUID.randomUUID();
    String slowJob = submit(receiver.url("/ok"), slowHook);
    awaitDeliveries(slowHook, 1);

    // while the first attempt hangs, other events are delivered at once
    String fastHook = "/fail-times/0/" + UUID.randomUUID();
    Instant fastSubmitted = Instant.now();
    submit(receiver.url("/ok"), fastHook);
    TestTarget.Request fast = awaitDeliveries(fastHook, 1).getFirst();
    assertThat(Duration.between(fastSubmitted, fast.at())).isLessThan(Duration.ofSeconds(8));
    assertThat(callbackOf(slowJob).get("status").asText()).isEqualTo("pending");

    List<TestTarget.Request> slow = awaitDeliveries(slowHook, 2);
    assertThat(Duration.between(slow.get(0).at(), slow.get(1).at()))
        .as("the first attempt is abandoned after 10 s, then redelivered after 1 s")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(10));
    JsonNode job = awaitCallback(slowJob, "delivered");
    assertThat(job.at("/callback/attempts").asInt()).isEqualTo(2);
  }

  @Test
  void gone410StopsRedeliveryAndTheEventCanBeReplayedFromTheDeadLetterQueue() throws Exception {
    String hook = "/status/410";
    long before = receiver.hits(hook);
    String jobId = submit(receiver.url("/ok"), hook);

    JsonNode job = awaitCallback(jobId, "failed");
    assertThat(job.at("/callback/attempts").asInt()).isEqualTo(1);
    assertThat(job.at("/callback/lastResponseCode").asInt()).isEqualTo(410);
    // longer than the whole retry schedule (4 × 1 s): nothing more arrives
    await()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(7))
        .until(() -> receiver.hits(hook) == before + 1);

    JsonNode entry = deadLetterOf(jobId);
    assertThat(entry.get("type").asText()).isEqualTo("job.completed");
    assertThat(entry.get("lastResponseCode").asInt()).isEqualTo(410);
    HttpResponse<String> replay =
        http.post(
            "/api/v1/admin/callback-dead-letters/" + entry.get("id").asText() + "/replay",
            "",
            ADMIN_KEY);
    assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
    await().atMost(WAIT).until(() -> receiver.hits(hook) == before + 2);
    assertThat(header(deliveries(hook).getLast(), "webhook-id"))
        .isEqualTo(entry.get("id").asText());
  }

  @Test
  void aRedirectIsNotFollowed() throws Exception {
    String hook = "/status/302";
    long before = receiver.hits(hook);
    String jobId = submit(receiver.url("/ok"), hook);

    await().atMost(WAIT).until(() -> receiver.hits(hook) == before + 5);
    JsonNode job = awaitCallback(jobId, "failed");
    assertThat(job.at("/callback/attempts").asInt()).isEqualTo(5);
    assertThat(job.at("/callback/lastResponseCode").asInt()).isEqualTo(302);
  }

  @Test
  void duringARotationEveryDeliveryCarriesBothSignatures() throws Exception {
    String name = "rot-" + UUID.randomUUID();
    HttpResponse<String> tenant =
        http.post("/api/v1/admin/tenants", "{\"name\": \"" + name + "\"}", ADMIN_KEY);
    JsonNode created = JSON.readTree(tenant.body());
    String oldSecret = created.get("webhookSecret").asText();
    String key =
        JSON.readTree(
                http.post(
                        "/api/v1/admin/tenants/" + created.get("id").asText() + "/api-keys",
                        "{\"scopes\": [\"jobs:read\", \"jobs:write\"]}",
                        ADMIN_KEY)
                    .body())
            .get("key")
            .asText();
    HttpResponse<String> rotated = http.post("/api/v1/webhook-secret/rotate", "", key);
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    String newSecret = JSON.readTree(rotated.body()).get("webhookSecret").asText();

    String hook = "/fail-times/0/" + UUID.randomUUID();
    submit(receiver.url("/ok"), hook, key);

    TestTarget.Request delivery = awaitDeliveries(hook, 1).getFirst();
    String[] signatures = header(delivery, "webhook-signature").split(" ");
    assertThat(signatures).hasSize(2);
    assertThat(signatures[0]).isEqualTo(expectedSignature(delivery, newSecret));
    assertThat(signatures[1]).isEqualTo(expectedSignature(delivery, oldSecret));
  }

  @Test
  void aCompletedBatchIsCalledBackOnceWithTheBatchAsGetShowsIt() throws Exception {
    String hook = "/fail-times/0/" + UUID.randomUUID();
    String job = "{\"url\": \"" + receiver.url("/ok") + "\"}";
    HttpResponse<String> accepted =
        http.post(
            "/api/v1/batches",
            "{\"jobs\": ["
                + job
                + ","
                + job
                + ","
                + job
                + "], \"callbackUrl\": \""
                + receiver.url(hook)
                + "\"}",
            tenantKey);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String batchId = JSON.readTree(accepted.body()).get("id").asText();

    TestTarget.Request delivery = awaitDeliveries(hook, 1).getFirst();
    assertSignedWith(delivery, tenantSecret);
    JsonNode event = JSON.readTree(delivery.body());
    assertThat(event.get("type").asText()).isEqualTo("batch.completed");
    JsonNode batch = JSON.readTree(http.get("/api/v1/batches/" + batchId, tenantKey).body());
    assertThat(event.get("data")).isEqualTo(batch);
    assertThat(batch.at("/counts/completed").asInt()).isEqualTo(3);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .until(() -> deliveries(hook).size() == 1);
  }

  @Test
  void aCancelledJobIsCalledBack() throws Exception {
    String hook = "/fail-times/0/" + UUID.randomUUID();
    HttpResponse<String> accepted =
        http.post(
            "/api/v1/jobs",
            "{\"url\": \""
                + receiver.url("/status/503")
                + "\", \"callbackUrl\": \""
                + receiver.url(hook)
                + "\", \"retry\": {\"maxAttempts\": 5, \"initialDelayMs\": 60000}}",
            tenantKey);
    String jobId = JSON.readTree(accepted.body()).get("id").asText();
    await().atMost(WAIT).until(() -> status(jobId).equals("retrying"));
    HttpResponse<String> cancelled = delete("/api/v1/jobs/" + jobId);
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);

    JsonNode event = JSON.readTree(awaitDeliveries(hook, 1).getFirst().body());
    assertThat(event.get("type").asText()).isEqualTo("job.cancelled");
    assertThat(event.at("/data/status").asText()).isEqualTo("cancelled");
  }

  @Test
  void theStatusStreamEmitsEachChangeAndClosesAtTheEnd() throws Exception {
    String jobId = submit(receiver.url("/delay/1500"), null);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(http.baseUrl() + "/api/v1/jobs/" + jobId + "/events"))
            .header("Authorization", "Bearer " + tenantKey)
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    HttpResponse<java.io.InputStream> stream =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    List<String> statuses = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("data:")) {
          statuses.add(JSON.readTree(line.substring(5)).get("status").asText());
        }
      }
    }
    assertThat(statuses).last().isEqualTo("completed");
    assertThat(statuses).contains("running");
    assertThat(statuses).doesNotHaveDuplicates();

    // connecting after completion: the final state at once, then the end of the stream
    HttpResponse<String> late =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(late.body().lines().filter(l -> l.startsWith("data:")).toList())
        .singleElement()
        .satisfies(l -> assertThat(l).contains("\"completed\""));
  }

  // ---------------------------------------------------------------------------------------------

  private static String submit(String url, String hookPath) throws IOException {
    return submit(url, hookPath, tenantKey);
  }

  private static String submit(String url, String hookPath, String key) throws IOException {
    String body =
        hookPath == null
            ? "{\"url\": \"" + url + "\"}"
            : "{\"url\": \"" + url + "\", \"callbackUrl\": \"" + receiver.url(hookPath) + "\"}";
    HttpResponse<String> accepted = http.post("/api/v1/jobs", body, key);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    return JSON.readTree(accepted.body()).get("id").asText();
  }

  private static List<TestTarget.Request> deliveries(String path) {
    return receiver.requests().stream().filter(r -> r.path().equals(path)).toList();
  }

  private static List<TestTarget.Request> awaitDeliveries(String path, int count) {
    await().atMost(WAIT).until(() -> deliveries(path).size() >= count);
    return deliveries(path);
  }

  private static JsonNode awaitCallback(String jobId, String status) throws IOException {
    await().atMost(WAIT).until(() -> callbackOf(jobId).get("status").asText().equals(status));
    return JSON.readTree(http.get("/api/v1/jobs/" + jobId, tenantKey).body());
  }

  private static JsonNode callbackOf(String jobId) throws IOException {
    return JSON.readTree(http.get("/api/v1/jobs/" + jobId, tenantKey).body()).get("callback");
  }

  private static String status(String jobId) throws IOException {
    return JSON.readTree(http.get("/api/v1/jobs/" + jobId, tenantKey).body())
        .get("status")
        .asText();
  }

  private static JsonNode deadLetterOf(String jobId) throws IOException {
    JsonNode page =
        JSON.readTree(http.get("/api/v1/admin/callback-dead-letters?limit=200", ADMIN_KEY).body());
    for (JsonNode item : page.get("items")) {
      if (jobId.equals(item.path("jobId").asText())) {
        return item;
      }
    }
    throw new AssertionError("no callback dead letter for job " + jobId + " in " + page);
  }

  private static HttpResponse<String> delete(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(http.baseUrl() + path))
                .header("Authorization", "Bearer " + tenantKey)
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode withoutCallback(JsonNode job) {
    ObjectNode copy = job.deepCopy();
    copy.remove("callback");
    return copy;
  }

  private static String header(TestTarget.Request request, String name) {
    return request.headers().entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(e -> e.getValue().getFirst())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " header"));
  }

  private static void assertSignedWith(TestTarget.Request request, String secret) {
    assertThat(header(request, "webhook-signature").split(" "))
        .contains(expectedSignature(request, secret));
    long timestamp = Long.parseLong(header(request, "webhook-timestamp"));
    assertThat(Math.abs(timestamp - request.at().getEpochSecond())).isLessThanOrEqualTo(5);
  }

  /** The Standard Webhooks signature, computed here from the specification's formula. */
  private static String expectedSignature(TestTarget.Request request, String secret) {
    try {
      byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      String signed =
          header(request, "webhook-id")
              + "."
              + header(request, "webhook-timestamp")
              + "."
              + new String(request.body(), StandardCharsets.UTF_8);
      return "v1,"
          + Base64.getEncoder()
              .encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
