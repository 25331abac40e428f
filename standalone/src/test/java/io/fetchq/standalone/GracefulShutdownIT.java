package io.fetchq.standalone;

import static io.fetchq.standalone.FetchqHttp.jobRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.testsupport.TestDatabase;
import io.fetchq.testsupport.TestTarget;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to the standalone jar while slow fetches are running: readiness stops answering 200 while
 * the running fetches still finish, their outcomes are persisted before the process exits (within
 * the grace period), and after a restart nothing is left non-terminal.
 */
class GracefulShutdownIT {

  private static final int JOBS = 24;
  private static final Duration GRACE = Duration.ofSeconds(20);
  private static final Duration EXIT_MARGIN = Duration.ofSeconds(25);
  private static final Duration READY = Duration.ofSeconds(180);
  private static final String ADMIN_KEY = "graceful-admin-" + UUID.randomUUID();

  @TempDir static Path dataDir;

  private static TestDatabase database;
  private static TestTarget target;
  private static ChildJvm child;

  @BeforeAll
  static void prepare() {
    database = TestDatabase.create("graceful");
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
  void sigtermTurnsReadinessDownAndFinishesAndPersistsRunningFetchesBeforeExit() throws Exception {
    int httpPort = ChildJvm.freePort();
    Map<String, String> env = StandaloneSettings.of(database, dataDir, ADMIN_KEY);
    env.put("FETCHQ_HTTP_PORT", Integer.toString(httpPort));
    env.put("FETCHQ_STANDALONE_KAFKA_PORT", Integer.toString(ChildJvm.freePort()));
    env.put("FETCHQ_WORKER_SHUTDOWN_GRACE", GRACE.toSeconds() + "s");
    child = ChildJvm.standalone("graceful-standalone", env);
    FetchqHttp http = new FetchqHttp("http://127.0.0.1:" + httpPort);
    child.start().awaitReady(http, READY);

    for (int i = 0; i < JOBS; i++) {
      HttpResponse<String> response =
          http.post(
              "/api/v1/jobs", jobRequest(target.url("/delay/3000/g" + i), Map.of()), ADMIN_KEY);
      assertThat(response.statusCode()).isEqualTo(202);
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> ids("SELECT id FROM jobs WHERE status = 'running'").size() >= 4);
    List<UUID> running = ids("SELECT id FROM jobs WHERE status = 'running'");

    Instant sigterm = Instant.now();
    CompletableFuture<List<Probe>> probes =
        CompletableFuture.supplyAsync(() -> probeReadinessUntilExit(http));
    child.process().destroy();
    boolean exited =
        child.process().waitFor(GRACE.plus(EXIT_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
    Duration exitAfter = Duration.between(sigterm, Instant.now());
    List<Probe> observed = probes.get(10, TimeUnit.SECONDS);

    Map<UUID, String[]> afterExit = statusAndCompletion(running);
    Instant lastRunningCompleted =
        afterExit.values().stream()
            .map(r -> r[1] == null ? Instant.MIN : Instant.parse(r[1]))
            .max(Instant::compareTo)
            .orElseThrow();
    Probe firstNot200 = observed.stream().filter(p -> p.status != 200).findFirst().orElse(null);
    boolean sawDown = observed.stream().anyMatch(p -> p.status == 503);
    System.out.printf(
        "graceful: %d running at SIGTERM, exit after %d ms (exited=%s), readiness probes %s;"
            + " first non-200 %s ms after SIGTERM, DOWN (503) seen=%s, last running job completed"
            + " %d ms after SIGTERM%n",
        running.size(),
        exitAfter.toMillis(),
        exited,
        summarize(observed, sigterm),
        firstNot200 == null ? "never" : Duration.between(sigterm, firstNot200.at).toMillis(),
        sawDown,
        Duration.between(sigterm, lastRunningCompleted).toMillis());

    assertThat(exited).as("exits within the grace period (+ margin)").isTrue();
    assertThat(firstNot200).as("readiness stops answering 200 after SIGTERM").isNotNull();
    assertThat(firstNot200.status)
        .as("readiness goes DOWN (503) before the port closes")
        .isEqualTo(503);
    assertThat(firstNot200.body)
        .as("readiness says why: the application refuses traffic while it drains")
        .contains("\"status\":\"OUT_OF_SERVICE\"");
    assertThat(observed.subList(observed.indexOf(firstNot200), observed.size()))
        .as("readiness never answers 200 again once it stopped")
        .noneMatch(p -> p.status == 200);
    assertThat(afterExit.values())
        .as("every job running at SIGTERM finished and was persisted before exit")
        .allMatch(r -> r[0].equals("completed"));
    assertThat(firstNot200.at)
        .as("readiness was down while running fetches were still finishing")
        .isBefore(lastRunningCompleted);

    child.start().awaitReady(http, READY);
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> ids("SELECT id FROM jobs WHERE status <> 'completed'").isEmpty());
    assertThat(ids("SELECT id FROM jobs")).hasSize(JOBS);
    child.stop(GRACE.plus(EXIT_MARGIN));
  }

  /** One readiness answer: HTTP status (-1 when the connection was refused) and body. */
  private record Probe(Instant at, int status, String body) {}

  private static List<Probe> probeReadinessUntilExit(FetchqHttp http) {
    List<Probe> probes = new ArrayList<>();
    while (child.isAlive()) {
      int status;
      String body;
      try {
        HttpResponse<String> response = http.get("/actuator/health/readiness", null);
        status = response.statusCode();
        body = response.body();
      } catch (IOException e) {
        status = -1;
        body = "";
      }
      probes.add(new Probe(Instant.now(), status, body));
    }
    return probes;
  }

  /** Runs of equal answers: {@code 200×12@0ms, 503×40@35ms, -1×3@900ms}. */
  private static String summarize(List<Probe> probes, Instant sigterm) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < probes.size()) {
      int j = i;
      while (j < probes.size() && probes.get(j).status == probes.get(i).status) {
        j++;
      }
      out.append(out.isEmpty() ? "" : ", ")
          .append(probes.get(i).status)
          .append('×')
          .append(j - i)
          .append('@')
          .append(Duration.between(sigterm, probes.get(i).at).toMillis())
          .append("ms");
      i = j;
    }
    return out.toString();
  }

  private static List<UUID> ids(String sql) throws SQLException {
    List<UUID> ids = new ArrayList<>();
    try (Connection c = database.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        ids.add(rs.getObject(1, UUID.class));
      }
    }
    return ids;
  }

  private static Map<UUID, String[]> statusAndCompletion(List<UUID> jobs) throws SQLException {
    Map<UUID, String[]> rows = new HashMap<>();
    try (Connection c = database.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, status, completed_at FROM jobs")) {
      while (rs.next()) {
        UUID id = rs.getObject(1, UUID.class);
        Timestamp completedAt = rs.getTimestamp(3);
        if (jobs.contains(id)) {
          rows.put(
              id,
              new String[] {
                rs.getString(2), completedAt == null ? null : completedAt.toInstant().toString()
              });
        }
      }
    }
    return rows;
  }
}
