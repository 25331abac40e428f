package io.fetchq.standalone;

import static io.fetchq.standalone.FetchqHttp.jobRequest;
import static io.fetchq.standalone.FetchqHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import io.fetchq.standalone.kafka.EmbeddedKafkaBroker;
import io.fetchq.testsupport.TestDatabase;
import io.fetchq.testsupport.TestTarget;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The standalone application in this JVM (API + worker + embedded broker) against a private
 * database and a local target, driven only through the public HTTP API.
 */
class StandaloneEndToEndIT {

  /** The bootstrap admin key; {@code admin} implies {@code jobs:write} and {@code jobs:read}. */
  private static final String ADMIN_KEY =
      "e2e-admin-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 62), 36);

  private static final Duration COMPLETION = Duration.ofSeconds(30);

  @TempDir static Path dataDir;

  private static TestTarget target;
  private static ConfigurableApplicationContext application;
  private static FetchqHttp http;

  @BeforeAll
  static void startStandalone() throws IOException {
    TestDatabase database = TestDatabase.create("e2e");
    target = TestTarget.start();
    application =
        StandaloneApplication.create()
            .run(
                StandaloneSettings.inProcessArgs(
                    database,
                    dataDir,
                    ADMIN_KEY,
                    StandaloneSettings.topicPrefix("e2e"),
                    Map.of("FETCHQ_RESULT_BODY_MAX_BYTES", "1024")));
    http =
        new FetchqHttp(
            "http://127.0.0.1:" + application.getEnvironment().getProperty("local.server.port"));
  }

  @AfterAll
  static void stop() {
    if (application != null) {
      application.close();
    }
    if (target != null) {
      target.close();
    }
  }

  @Test
  void runsOnTheEmbeddedBrokerInTheDataDirectory() {
    EmbeddedKafkaBroker broker = application.getBean(EmbeddedKafkaBroker.class);

    assertThat(broker.logDir()).isEqualTo(dataDir.resolve("kafka").toAbsolutePath());
    assertThat(application.getEnvironment().getProperty("spring.kafka.bootstrap-servers"))
        .isEqualTo(broker.bootstrapServers());
    assertThat(http.answers200("/actuator/health/readiness")).isTrue();
  }

  @Test
  void completesATextFetchWithStatusHeadersAndBody() throws IOException {
    HttpResponse<String> accepted =
        http.post(
            "/api/v1/jobs",
            jobRequest(
                target.url("/ok"),
                Map.of(
                    "headers",
                    "{\"Authorization\":\"Bearer target-secret\",\"Accept\":\"text/plain\"}",
                    "metadata",
                    "{\"orderId\":\"42\"}")),
            ADMIN_KEY);

    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String id = json(accepted).read("$.id");
    assertThat(accepted.headers().firstValue("Location")).hasValue("/api/v1/jobs/" + id);

    DocumentContext job = awaitTerminal(id);
    assertThat(job.read("$.status", String.class)).isEqualTo("completed");
    assertThat(job.read("$.attempts", Integer.class)).isEqualTo(1);
    assertThat(job.read("$.completedAt", String.class)).isNotNull();
    assertThat(job.read("$.request.headers.Authorization", String.class)).isEqualTo("***");
    assertThat(job.read("$.request.headers.Accept", String.class)).isEqualTo("text/plain");
    assertThat(job.read("$.metadata.orderId", String.class)).isEqualTo("42");
    assertThat(job.read("$.result.statusCode", Integer.class)).isEqualTo(200);
    assertThat(job.read("$.result.body", String.class)).isEqualTo("ok");
    assertThat(job.read("$.result.bodyBase64", String.class)).isNull();
    assertThat(job.read("$.result.bodyTruncated", Boolean.class)).isFalse();
    assertThat(job.read("$.result.bodySize", Integer.class)).isEqualTo(2);
    assertThat(job.read("$.result.durationMs", Integer.class)).isNotNull().isNotNegative();
    assertThat(job.read("$.result.fetchedAt", String.class)).isNotNull();
    Map<String, String> headers = job.read("$.result.headers");
    assertThat(headers).containsKey("content-type");
    assertThat(headers.keySet()).allSatisfy(name -> assertThat(name).isLowerCase());
    assertThat(target.requests())
        .anySatisfy(
            r ->
                assertThat(r.headers().get("Authorization"))
                    .containsExactly("Bearer target-secret"));
  }

  @Test
  void theBootstrapKeyIsNotThrottledToTheSystemTenantsStoredLimit() throws IOException {
    String job = "{\"url\": \"" + target.url("/status/204") + "\"}";
    String batch = "{\"jobs\": [" + String.join(",", Collections.nCopies(1000, job)) + "]}";

    HttpResponse<String> accepted = http.post("/api/v1/batches", batch, ADMIN_KEY);

    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    assertThat(accepted.headers().firstValue("RateLimit-Policy"))
        .as("fetchq-standalone.yml's system-tenant limit wins over fetchq-api.yml's")
        .hasValue("\"default\";q=20000;w=2");
  }

  @Test
  void recordsA404AsACompletedFetch() throws IOException {
    DocumentContext job = awaitTerminal(submit(target.url("/status/404"), Map.of()));

    assertThat(job.read("$.status", String.class)).isEqualTo("completed");
    assertThat(job.read("$.result.statusCode", Integer.class)).isEqualTo(404);
  }

  @Test
  void keepsThePrefixOfABodyOverTheCap() throws IOException {
    DocumentContext job = awaitTerminal(submit(target.url("/bytes/5000"), Map.of()));

    assertThat(job.read("$.status", String.class)).isEqualTo("completed");
    assertThat(job.read("$.result.bodyTruncated", Boolean.class)).isTrue();
    assertThat(job.read("$.result.bodySize", Integer.class)).isEqualTo(5000);
    assertThat(job.read("$.result.body", String.class)).isEqualTo("a".repeat(1024));
  }

  @Test
  void returnsABinaryBodyAsBase64() throws IOException {
    DocumentContext job = awaitTerminal(submit(target.url("/binary/64"), Map.of()));

    assertThat(job.read("$.result.body", String.class)).isNull();
    byte[] body = Base64.getDecoder().decode(job.read("$.result.bodyBase64", String.class));
    byte[] expected = new byte[64];
    new java.util.Random(42).nextBytes(expected);
    assertThat(body).isEqualTo(expected);
  }

  @Test
  void failsAFetchThatOutlivesItsTimeout() throws IOException {
    DocumentContext job =
        awaitTerminal(
            submit(
                target.url("/delay/3000"),
                Map.of("timeoutMs", "500", "retry", "{\"maxAttempts\":1}")));

    assertThat(job.read("$.status", String.class)).isEqualTo("failed");
    assertThat(job.read("$.lastError.type", String.class)).isEqualTo("timeout");
  }

  @Test
  void answers401WithABearerChallengeWithoutAKey() throws IOException {
    HttpResponse<String> response =
        http.post("/api/v1/jobs", jobRequest(target.url("/ok"), Map.of()), null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
  }

  @Test
  void answers404ProblemForAnUnknownJob() throws IOException {
    HttpResponse<String> response = http.get("/api/v1/jobs/" + UUID.randomUUID(), ADMIN_KEY);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(json(response).read("$.status", Integer.class)).isEqualTo(404);
  }

  private static String submit(String url, Map<String, String> fields) throws IOException {
    HttpResponse<String> accepted = http.post("/api/v1/jobs", jobRequest(url, fields), ADMIN_KEY);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    return json(accepted).read("$.id");
  }

  private static DocumentContext awaitTerminal(String id) {
    return await()
        .atMost(COMPLETION)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> json(http.get("/api/v1/jobs/" + id, ADMIN_KEY)),
            job ->
                java.util.Set.of("completed", "failed", "cancelled")
                    .contains(job.read("$.status", String.class)));
  }
}
