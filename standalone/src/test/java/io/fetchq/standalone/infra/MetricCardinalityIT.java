package io.fetchq.standalone.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Cardinality is bounded by design: 10,000 jobs across 1,000 distinct destination hosts (every
 * 127.0.x.y address reaches the one wildcard-bound target) must not add series per job, host or
 * tenant. The standalone application (API and worker in one JVM) first runs a warm-up of the same
 * kinds of work (batches, completed jobs, status reads) over a few hosts, so that every bounded
 * meter exists; then the 10,000 jobs. The series of {@code /actuator/prometheus} after the run may
 * exceed the warm-up's only by a fixed slack (meters registered on first use, such as a Kafka
 * client's or a new error class's), below the thousand a per-host tag would add; no metric family
 * may have more than {@value #PER_FAMILY} series; and no label value may hold a job id, a tenant id
 * or a destination host. Scrapes are kept in {@code target/}.
 */
class MetricCardinalityIT {

  private static final int JOBS = 10_000;
  private static final int HOSTS = 1_000;
  private static final int BATCH = 1_000;
  private static final int WARM_UP_HOSTS = 5;

  /**
   * Series the run may add to the warm-up's. Meters registered on first use appear during the run
   * although they are bounded: a Kafka client's ~85 metrics when the worker's producer first sends
   * (a retry or a repair), an error class (`io`) or a retry tier first seen. A tag carrying the
   * host, the job or the tenant would add at least {@value #HOSTS}.
   */
  private static final int SLACK = 300;

  /** Most series one metric family may have: the largest bounded family has 56 (14 buckets × 4). */
  private static final int PER_FAMILY = 120;

  private static final String SYSTEM_TENANT = "00000000-0000-0000-0000-000000000001";
  private static final Pattern LABEL_VALUE = Pattern.compile("=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern UUID_LIKE =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private static final String ADMIN_KEY =
      "cardinality-admin-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 62), 36);

  @TempDir static Path dataDir;

  private static TestTarget target;
  private static ConfigurableApplicationContext application;
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static String baseUrl;
  private static Set<String> warmUpSeries;
  private static Set<String> finalSeries;
  private static Set<String> jobIds = new HashSet<>();
  private static final Set<String> hosts = new TreeSet<>();

  @BeforeAll
  static void runTenThousandJobsAcrossAThousandHosts() throws IOException {
    TestDatabase database = TestDatabase.create("cardinality");
    target = TestTarget.startOnAllAddresses();
    application =
        StandaloneApplication.create()
            .run(
                StandaloneSettings.inProcessArgs(
                    database,
                    dataDir,
                    ADMIN_KEY,
                    StandaloneSettings.topicPrefix("card"),
                    Map.of(
                        "FETCHQ_RATE_LIMIT_SYSTEM_PER_SECOND",
                        "100000",
                        "FETCHQ_RATE_LIMIT_SYSTEM_BURST",
                        "100000")));
    baseUrl = "http://127.0.0.1:" + application.getEnvironment().getProperty("local.server.port");

    // warm-up: the same kinds of requests and jobs, over a handful of hosts
    runBatch(0, 20, WARM_UP_HOSTS);
    String warmUp = scrapeWhenSettled();
    Files.writeString(Path.of("target", "cardinality-warm-up.txt"), warmUp);
    warmUpSeries = series(warmUp);

    for (int start = 0; start < JOBS; start += BATCH) {
      runBatch(start, BATCH, HOSTS);
    }
    String after = scrapeWhenSettled();
    Files.writeString(Path.of("target", "cardinality-after.txt"), after);
    finalSeries = series(after);
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
  void everyJobCompletedAgainstItsOwnHost() {
    assertThat(jobIds).hasSize(JOBS + 20);
    assertThat(hosts).hasSize(HOSTS);
    assertThat(target.requests()).hasSizeGreaterThanOrEqualTo(JOBS + 20);
  }

  @Test
  void theSeriesCountStaysWithinAFixedBoundOfTheWarmUp() {
    Set<String> added = new TreeSet<>(finalSeries);
    added.removeAll(warmUpSeries);
    assertThat(added)
        .as(
            "series added by 10,000 jobs over 1,000 hosts after a warm-up of %d series"
                + " (see target/cardinality-*.txt)",
            warmUpSeries.size())
        .hasSizeLessThanOrEqualTo(SLACK);
    assertThat(finalSeries.size()).isLessThan(warmUpSeries.size() + SLACK + 1);
  }

  @Test
  void noMetricFamilyGrowsWithHostsOrJobs() {
    Map<String, Long> perFamily =
        finalSeries.stream()
            .collect(
                Collectors.groupingBy(s -> s.replaceFirst("\\{.*", ""), Collectors.counting()));
    assertThat(perFamily).isNotEmpty();
    assertThat(perFamily.entrySet())
        .as("metric families with more than %d series", PER_FAMILY)
        .filteredOn(family -> family.getValue() > PER_FAMILY)
        .isEmpty();
  }

  @Test
  void noLabelHoldsAJobIdATenantIdOrADestinationHost() {
    List<String> offending = new ArrayList<>();
    for (String series : finalSeries) {
      Matcher values = LABEL_VALUE.matcher(series);
      while (values.find()) {
        String value = values.group(1);
        boolean host = hosts.stream().anyMatch(value::contains);
        if (host || UUID_LIKE.matcher(value).find() || value.contains(SYSTEM_TENANT)) {
          offending.add(series);
        }
      }
    }
    assertThat(offending).isEmpty();
    assertThat(finalSeries).anyMatch(s -> s.startsWith("fetchq_jobs_terminal_total"));
  }

  /** Submits {@code size} jobs spread over {@code hostCount} hosts as one batch; awaits them. */
  private static void runBatch(int start, int size, int hostCount) throws IOException {
    StringBuilder body = new StringBuilder("{\"jobs\":[");
    for (int i = 0; i < size; i++) {
      String host = host((start + i) % hostCount);
      hosts.add(host);
      body.append(i == 0 ? "" : ",").append("{\"url\":\"").append(target.url(host, "/ok"));
      body.append("\"}");
    }
    body.append("]}");
    HttpResponse<String> accepted =
        send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/batches"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    DocumentContext batch = JsonPath.parse(accepted.body());
    String id = batch.read("$.id");
    List<String> ids = batch.read("$.jobIds");
    jobIds.addAll(ids);
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> JsonPath.parse(send(get("/api/v1/batches/" + id)).body()),
            progress -> progress.read("$.counts.completed", Integer.class) == size);
  }

  /** 127.0.1.1 .. 127.0.5.200: never 127.0.0.x, which the application itself listens on. */
  private static String host(int index) {
    return "127.0." + (index / 200 + 1) + "." + (index % 200 + 1);
  }

  /** The scrape once two consecutive ones (a second apart) have the same series. */
  private static String scrapeWhenSettled() {
    String[] last = {""};
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              String scrape = send(get("/actuator/prometheus")).body();
              boolean same = series(scrape).equals(series(last[0]));
              last[0] = scrape;
              return same;
            });
    return last[0];
  }

  /** Each sample's name and labels (the value and timestamp dropped). */
  static Set<String> series(String exposition) {
    Set<String> series = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int end = line.lastIndexOf('}');
      series.add(end > 0 ? line.substring(0, end + 1) : line.substring(0, line.indexOf(' ')));
    }
    return series;
  }

  private static HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + ADMIN_KEY)
        .GET()
        .build();
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
