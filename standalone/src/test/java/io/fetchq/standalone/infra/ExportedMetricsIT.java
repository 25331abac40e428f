package io.fetchq.standalone.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.fetchq.standalone.StandaloneApplication;
import io.fetchq.standalone.StandaloneSettings;
import io.fetchq.testsupport.TestDatabase;
import io.fetchq.testsupport.TestTarget;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Cross-checks the dashboards and alert rules under infra/ against what the application really
 * exports: runs the standalone application (API + worker in one JVM, so one scrape holds both
 * services' meters), makes it do some work so that lazily registered meters exist (completed,
 * retried and failed jobs, a dead letter, a job with a callback URL, refused and unknown requests),
 * scrapes {@code /actuator/prometheus} and requires every metric name of every PromQL expression to
 * be among the scraped series. The scrape is kept in {@code target/actuator-prometheus.txt} for
 * reference.
 */
class ExportedMetricsIT {

  /** Series that Prometheus itself adds to every scrape target; no application exports them. */
  private static final Set<String> SYNTHETIC =
      Set.of(
          "up",
          "scrape_duration_seconds",
          "scrape_samples_scraped",
          "scrape_samples_post_metric_relabeling",
          "scrape_series_added");

  private static final String ADMIN_KEY =
      "metrics-admin-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 62), 36);

  @TempDir static Path dataDir;

  private static TestTarget target;
  private static ConfigurableApplicationContext application;
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static String baseUrl;
  private static Set<String> exported;
  private static String scraped;

  @BeforeAll
  static void startAndExercise() throws IOException {
    TestDatabase database = TestDatabase.create("metrics");
    target = TestTarget.start();
    application =
        StandaloneApplication.create()
            .run(
                StandaloneSettings.inProcessArgs(
                    database,
                    dataDir,
                    ADMIN_KEY,
                    StandaloneSettings.topicPrefix("metrics"),
                    Map.of()));
    baseUrl = "http://127.0.0.1:" + application.getEnvironment().getProperty("local.server.port");

    List<String> jobs = new ArrayList<>();
    jobs.add(submit("{\"url\":\"" + target.url("/ok") + "\"}"));
    jobs.add(submit("{\"url\":\"" + target.url("/status/404") + "\"}"));
    // a retry through the shortest delay, then success
    jobs.add(
        submit(
            "{\"url\":\""
                + target.url("/fail-times/1")
                + "\",\"retry\":{\"maxAttempts\":2,\"initialDelayMs\":100}}"));
    // a failure: timeout, no retry left, dead-lettered
    jobs.add(
        submit(
            "{\"url\":\""
                + target.url("/delay/3000")
                + "\",\"timeoutMs\":500,\"retry\":{\"maxAttempts\":1}}"));
    // a terminal job with a callback: the webhook event is prepared, queued and delivered
    String withCallback =
        submit(
            "{\"url\":\""
                + target.url("/ok")
                + "\",\"callbackUrl\":\""
                + target.url("/ok")
                + "\"}");
    jobs.add(withCallback);
    assertThat(send(get("/api/v1/jobs/" + UUID.randomUUID(), ADMIN_KEY)).statusCode())
        .isEqualTo(404);
    assertThat(send(get("/api/v1/jobs", null)).statusCode()).isEqualTo(401);
    for (String id : jobs) {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> JsonPath.parse(send(get("/api/v1/jobs/" + id, ADMIN_KEY)).body()),
              job ->
                  Set.of("completed", "failed", "cancelled")
                      .contains(job.read("$.status", String.class)));
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> JsonPath.parse(send(get("/api/v1/jobs/" + withCallback, ADMIN_KEY)).body()),
            job -> "delivered".equals(job.read("$.callback.status", String.class)));
    // meters registered on first use (dead letters, retries) are there once the worker moved on
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> seriesNames(send(get("/actuator/prometheus", null)).body()),
            names ->
                names.contains("fetchq_worker_dead_letters_total")
                    && names.contains("fetchq_worker_retries_scheduled_total"));
    String scrape = send(get("/actuator/prometheus", null)).body();
    Files.writeString(Path.of("target", "actuator-prometheus.txt"), scrape);
    exported = seriesNames(scrape);
    scraped = scrape;
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
  void theScrapeHoldsTheServicesMeters() {
    assertThat(exported)
        .contains(
            "fetchq_worker_attempts_total",
            "fetchq_outbox_backlog_messages",
            "http_server_requests_seconds_count",
            "jvm_memory_used_bytes",
            "hikaricp_connections_active",
            "fetchq_jobs_terminal_total",
            "fetchq_jobs_queue_wait_seconds_bucket",
            "fetchq_jobs_end_to_end_seconds_bucket",
            "fetchq_api_submissions_total",
            "fetchq_api_submitted_jobs_total",
            "fetchq_deadletters_replayed_total",
            "fetchq_outbox_oldest_age_seconds",
            "http_server_requests_seconds_bucket");
  }

  @Test
  void observationsKeepNoLongTaskTimer() {
    // management.observations.long-task-timer.enabled=false (fetchq-common.yml): the requests
    // above were timed, and no `.active` series was kept per observation while they ran
    assertThat(exported).contains("http_server_requests_seconds_count");
    assertThat(exported)
        .noneMatch(name -> name.startsWith("http_server_requests_active"))
        .noneMatch(name -> name.contains("_active_seconds"));
  }

  @Test
  void everyKafkaClientOfBothServicesExportsItsMetricsInOneScrape() {
    // API and worker share one registry here: their meters of one name must agree on tag keys,
    // or the registry drops the later ones
    for (String client :
        List.of(
            "spring_id=\"workerJobConsumerFactory.fetchq-worker\"",
            "spring_id=\"workerRetryTierConsumerFactory.fetchq-worker-retry-tiers\"",
            "spring_id=\"workerCallbackConsumerFactory.fetchq-worker-callbacks\"")) {
      assertThat(scraped)
          .containsPattern("kafka_consumer_fetch_manager_records_lag_max\\{[^}]*" + client);
    }
    assertThat(scraped)
        .containsPattern("kafka_producer_record_send_total\\{[^}]*producer=\"fetchq-worker\"")
        .containsPattern("kafka_producer_record_send_total\\{[^}]*producer=\"fetchq-api-outbox\"");
  }

  @Test
  void everyMetricOfTheAlertRulesIsExported() {
    assertAllExported(InfraFiles.alertExpressions());
  }

  @Test
  void everyMetricOfTheDashboardsIsExported() {
    assertThat(InfraFiles.dashboards()).isNotEmpty();
    assertAllExported(InfraFiles.dashboardExpressions());
  }

  private static void assertAllExported(List<InfraFiles.Expression> expressions) {
    assertThat(expressions).isNotEmpty();
    List<String> missing = new ArrayList<>();
    for (InfraFiles.Expression expression : expressions) {
      Set<String> names = PromQl.metricNames(expression.promQl());
      if (names.isEmpty()) {
        missing.add(expression.file() + " " + expression.where() + ": selects no metric");
      }
      for (String name : names) {
        if (!exported.contains(name) && !SYNTHETIC.contains(name)) {
          missing.add(
              expression.file()
                  + " "
                  + expression.where()
                  + ": metric "
                  + name
                  + " is not exported by the application");
        }
      }
    }
    assertThat(missing)
        .as(
            "metric names used in PromQL but absent from /actuator/prometheus"
                + " (see target/actuator-prometheus.txt)")
        .isEmpty();
  }

  /** The sample names of a Prometheus text exposition ({@code # HELP}/{@code # TYPE} skipped). */
  static Set<String> seriesNames(String exposition) {
    Set<String> names = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int end = 0;
      while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
        end++;
      }
      names.add(line.substring(0, end));
    }
    return names;
  }

  private static String submit(String json) throws IOException {
    HttpResponse<String> accepted =
        send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/jobs"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    return JsonPath.parse(accepted.body()).read("$.id");
  }

  private static HttpRequest get(String path, String key) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10)).GET();
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return request.build();
  }

  private static HttpResponse<String> send(HttpRequest request) throws IOException {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
