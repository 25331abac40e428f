package io.fetchq.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.testsupport.TestDatabase;
import io.fetchq.testsupport.TestTarget;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logs of a whole standalone JVM (ARCHITECTURE.md "Logs"), read from its stdout: started with
 * {@code FETCHQ_LOG_FORMAT=json} and fetchq's and Spring MVC's loggers at DEBUG, it runs one job
 * whose request carries {@code Authorization: Bearer secret-xyz} through a failed attempt, a retry,
 * completion and a webhook that fails once and is then delivered. No line may contain that header
 * value or any other secret of the run (the admin key, the tenant's API key, its webhook secret);
 * every line is one JSON object; the job's lines carry {@code jobId}, {@code tenantId} and {@code
 * attempt} as fields.
 */
class LogsIT {

  private static final String HEADER_SECRET = "secret-xyz";
  private static final String ADMIN_KEY = "logs-admin-" + UUID.randomUUID();
  private static final Duration READY = Duration.ofMinutes(5);
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;

  private static TestDatabase database;
  private static TestTarget target;
  private static ChildJvm child;

  @BeforeAll
  static void prepare() {
    database = TestDatabase.create("logs");
    target = TestTarget.start();
  }

  @AfterAll
  static void destroyChild() throws InterruptedException {
    if (child != null) {
      child.kill();
    }
    if (target != null) {
      target.close();
    }
  }

  @Test
  void jsonLinesWithTheJobsContextAndNoSecretThroughRetryCompletionAndWebhook() throws Exception {
    int httpPort = ChildJvm.freePort();
    Map<String, String> env = StandaloneSettings.of(database, dataDir, ADMIN_KEY);
    env.put("FETCHQ_HTTP_PORT", Integer.toString(httpPort));
    env.put("FETCHQ_STANDALONE_KAFKA_PORT", Integer.toString(ChildJvm.freePort()));
    env.put("FETCHQ_WEBHOOK_RETRY_SCHEDULE", "1s,1s,1s");
    env.put("FETCHQ_LOG_FORMAT", "json");
    env.put("LOGGING_LEVEL_IO_FETCHQ", "DEBUG");
    env.put("LOGGING_LEVEL_ORG_SPRINGFRAMEWORK_WEB", "DEBUG");
    child = ChildJvm.standalone("logs-standalone", env);
    FetchqHttp http = new FetchqHttp("http://127.0.0.1:" + httpPort);
    child.start().awaitReady(http, READY);

    JsonNode readiness = JSON.readTree(http.get("/actuator/health/readiness", null).body());
    assertThat(readiness.get("status").asText()).isEqualTo("UP");
    assertThat(readiness.get("components").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("readinessState", "db", "apiKafka", "apiRedis", "workerKafka");

    FetchqHttp.Tenant tenant = http.createTenant("logs-", ADMIN_KEY);
    String tenantId = tenant.id();
    String tenantKey = tenant.key();
    String webhookSecret = tenant.webhookSecret();

    String hook = "/fail-times/1/hook-" + UUID.randomUUID();
    HttpResponse<String> accepted =
        http.post(
            "/api/v1/jobs",
            FetchqHttp.jobRequest(
                target.url("/fail-times/1/job-" + UUID.randomUUID()),
                Map.of(
                    "headers",
                    "{\"Authorization\": \"Bearer " + HEADER_SECRET + "\"}",
                    "retry",
                    "{\"maxAttempts\": 3, \"initialDelayMs\": 1000}",
                    "callbackUrl",
                    "\"" + target.url(hook) + "\"")),
            tenantKey);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String jobId = JSON.readTree(accepted.body()).get("id").asText();

    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                JSON.readTree(http.get("/api/v1/jobs/" + jobId, tenantKey).body())
                    .at("/callback/status")
                    .asText()
                    .equals("delivered"));
    JsonNode job = JSON.readTree(http.get("/api/v1/jobs/" + jobId, tenantKey).body());
    assertThat(job.get("status").asText()).isEqualTo("completed");
    assertThat(job.get("attempts").asInt()).as("one failed attempt, then the retry").isEqualTo(2);
    assertThat(job.at("/callback/attempts").asInt()).isEqualTo(2);
    assertThat(target.requests())
        .as("the fetches did carry the header")
        .anyMatch(
            r ->
                r.headers().entrySet().stream()
                    .anyMatch(
                        h ->
                            h.getKey().equalsIgnoreCase("authorization")
                                && h.getValue().toString().contains(HEADER_SECRET)));
    assertThat(child.stop(Duration.ofSeconds(60))).as("stops on SIGTERM").isTrue();

    List<String> lines = Files.readAllLines(child.currentLog());
    List<JsonNode> events = new ArrayList<>();
    List<String> notJson = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank() || isJvmNotice(line)) {
        continue;
      }
      try {
        events.add(JSON.readTree(line));
      } catch (IOException e) {
        notJson.add(line);
      }
    }

    assertThat(lines).as("the capture holds the run's output").hasSizeGreaterThan(50);
    assertThat(lines).as("the capture holds this job").anyMatch(l -> l.contains(jobId));
    for (String secret : List.of(HEADER_SECRET, ADMIN_KEY, tenantKey, webhookSecret)) {
      assertThat(lines).as("no line contains a secret").noneMatch(l -> l.contains(secret));
    }
    assertThat(notJson).as("every log line is one JSON object").isEmpty();
    assertThat(events).allMatch(e -> e.has("@timestamp") && e.has("message"));
    List<JsonNode> ofJob = events.stream().filter(e -> jobId.equals(text(e, "jobId"))).toList();
    assertThat(ofJob)
        .as("the worker's lines of the job's fetch attempts carry tenant and attempt")
        .filteredOn(e -> text(e, "message").startsWith("fetch attempt finished"))
        .hasSize(2)
        .allMatch(e -> tenantId.equals(text(e, "tenantId")))
        .extracting(e -> text(e, "attempt"))
        .containsExactlyInAnyOrder("1", "2");
    assertThat(events)
        .as("the webhook delivery's lines carry event, tenant and attempt")
        .filteredOn(e -> text(e, "message").startsWith("webhook delivery attempt finished"))
        .filteredOn(e -> tenantId.equals(text(e, "tenantId")))
        .hasSize(2)
        .allMatch(e -> !text(e, "eventId").isEmpty())
        .extracting(e -> text(e, "attempt"))
        .containsExactlyInAnyOrder("1", "2");
    assertThat(ofJob)
        .as("the API's lines of GET /api/v1/jobs/{id} carry the caller's tenant")
        .anyMatch(e -> tenantId.equals(text(e, "tenantId")) && !e.has("attempt"));
  }

  /** What the JVM itself prints (JDK warnings about Kafka's and Netty's Unsafe use), not logs. */
  private static boolean isJvmNotice(String line) {
    return line.startsWith("WARNING: ");
  }

  private static String text(JsonNode event, String field) {
    JsonNode value = event.get(field);
    return value == null ? "" : value.asText();
  }
}
