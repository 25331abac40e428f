package io.fetchq.standalone;

import static io.fetchq.standalone.FetchqHttp.jobRequest;
import static io.fetchq.standalone.FetchqHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.testsupport.TestDatabase;
import io.fetchq.testsupport.TestTarget;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repackaged jar as a child process, killed with SIGKILL while 1,000 jobs are being submitted
 * and fetched, then restarted on the same data directory and database: every job whose submission
 * was answered 202 reaches a terminal state, exactly once in the database; a fetch happens twice
 * only for jobs in flight at the kill (at-least-once).
 */
class DurabilityIT {

  private static final int JOBS = 1_000;
  private static final int KILL_AFTER_ACCEPTED = 300;
  private static final int CLIENT_THREADS = 32;
  private static final Duration READY = Duration.ofSeconds(180);
  private static final String ADMIN_KEY = "durability-admin-" + UUID.randomUUID();
  private static final Path JAR = Path.of("target", "fetchq-standalone.jar");

  @TempDir static Path dataDir;

  private static TestDatabase database;
  private static TestTarget target;
  private static Process child;
  private static int httpPort;
  private static int kafkaPort;
  private static int starts;

  @BeforeAll
  static void prepare() throws IOException {
    assertThat(JAR).as("the repackaged jar is built in the package phase").exists();
    database = TestDatabase.create("durability");
    target = TestTarget.start();
    httpPort = freePort();
    kafkaPort = freePort();
  }

  @AfterAll
  static void killChild() throws InterruptedException {
    if (child != null && child.isAlive()) {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    if (target != null) {
      target.close();
    }
  }

  @Test
  void everyAcceptedJobReachesATerminalStateAcrossAKillAndRestart() throws Exception {
    FetchqHttp http = new FetchqHttp("http://127.0.0.1:" + httpPort);
    Duration firstStart = start(http);
    Submitter submitter = new Submitter(http, ADMIN_KEY); // admin implies jobs:write

    for (int i = 0; i < JOBS; i++) {
      submitter.submit(i);
    }
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> submitter.accepted.size() >= KILL_AFTER_ACCEPTED || !child.isAlive());
    submitter.paused = true;
    child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(60)).until(() -> submitter.outstanding.get() == 0);
    int acceptedBeforeKill = submitter.accepted.size();
    Map<UUID, String[]> rowsBeforeKill = jobs();

    Duration restart = start(http);
    submitter.paused = false;
    for (int round = 0; round < 3 && !submitter.rejected.isEmpty(); round++) {
      List<Integer> retry = new ArrayList<>();
      for (Integer index; (index = submitter.rejected.poll()) != null; ) {
        retry.add(index);
      }
      retry.forEach(submitter::submit);
      await().atMost(Duration.ofSeconds(120)).until(() -> submitter.outstanding.get() == 0);
    }
    submitter.close();

    assertThat(submitter.accepted).hasSize(JOBS);
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                count("SELECT count(*) FROM jobs WHERE status IN ('queued','running','retrying')")
                    == 0);

    Map<UUID, String[]> rows = jobs();
    List<UUID> acceptedIds = new ArrayList<>(submitter.accepted.values());
    assertThat(acceptedIds).doesNotHaveDuplicates();
    assertThat(rows.keySet()).containsAll(acceptedIds);
    assertThat(
            count("SELECT count(*) FROM (SELECT url FROM jobs GROUP BY url HAVING count(*) > 1) d"))
        .as("one job row per submitted request")
        .isZero();
    acceptedIds.forEach(
        id -> assertThat(rows.get(id)[0]).as("status of %s", id).isEqualTo("completed"));

    int fetchedTwice = 0;
    for (Map.Entry<UUID, String[]> row : rows.entrySet()) {
      long hits = target.hits(URI.create(row.getValue()[1]).getPath());
      assertThat(hits).as("target hits of %s", row.getValue()[1]).isPositive();
      if (hits > 1) {
        fetchedTwice++;
        assertThat(rowsBeforeKill)
            .as("a job fetched twice was created before the kill")
            .containsKey(row.getKey());
      }
    }
    System.out.printf(
        "durability: first start %d ms, restart after SIGKILL %d ms; %d accepted before the kill,"
            + " %d submissions refused while down, %d job rows (%d accepted), %d fetched twice%n",
        firstStart.toMillis(),
        restart.toMillis(),
        acceptedBeforeKill,
        submitter.refusals.get(),
        rows.size(),
        acceptedIds.size(),
        fetchedTwice);
    assertThat(fetchedTwice).isLessThanOrEqualTo(rowsBeforeKill.size());
  }

  /** Starts the jar and waits for readiness; returns how long that took. */
  private static Duration start(FetchqHttp http) throws IOException {
    starts++;
    Path log = Path.of("target", "durability-child-" + starts + ".log");
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(java, "-Xmx768m", "-jar", JAR.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.remove("FETCHQ_KAFKA_BOOTSTRAP");
    env.put("FETCHQ_DB_URL", database.jdbcUrl());
    env.put("FETCHQ_DB_USER", database.username());
    env.put("FETCHQ_DB_PASSWORD", database.password());
    env.put("FETCHQ_HTTP_PORT", Integer.toString(httpPort));
    env.put("FETCHQ_STANDALONE_KAFKA_PORT", Integer.toString(kafkaPort));
    env.put("FETCHQ_STANDALONE_DATA_DIR", dataDir.toString());
    env.put("FETCHQ_ALLOWED_CIDRS", "127.0.0.0/8");
    env.put("FETCHQ_BOOTSTRAP_ADMIN_KEY", ADMIN_KEY);
    // this run's own rate-limit buckets in the shared Redis
    env.put("FETCHQ_RATE_LIMIT_KEY_PREFIX", "it-" + UUID.randomUUID() + ":");
    long begin = System.nanoTime();
    child = builder.start();
    await()
        .atMost(READY)
        .pollInterval(Duration.ofMillis(250))
        .failFast("the standalone process exited; see " + log, () -> !child.isAlive())
        .until(() -> http.answers200("/actuator/health/readiness"));
    return Duration.ofNanos(System.nanoTime() - begin);
  }

  private static Map<UUID, String[]> jobs() throws SQLException {
    Map<UUID, String[]> rows = new HashMap<>();
    try (Connection c = database.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, status, url FROM jobs")) {
      while (rs.next()) {
        rows.put(rs.getObject(1, UUID.class), new String[] {rs.getString(2), rs.getString(3)});
      }
    }
    return rows;
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = database.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * Submits job {@code i} (a unique target path per attempt, every fifth one slow) from a pool of
   * client threads; a 202 is "accepted", anything else puts the job back in {@link #rejected}.
   */
  private static final class Submitter implements AutoCloseable {
    final ScheduledExecutorService pool = Executors.newScheduledThreadPool(CLIENT_THREADS);
    final Map<Integer, UUID> accepted = new ConcurrentHashMap<>();
    final Queue<Integer> rejected = new ConcurrentLinkedQueue<>();
    final AtomicInteger outstanding = new AtomicInteger();
    final AtomicInteger refusals = new AtomicInteger();
    final AtomicInteger attempts = new AtomicInteger();
    volatile boolean paused;
    private final FetchqHttp http;
    private final String key;

    Submitter(FetchqHttp http, String key) {
      this.http = http;
      this.key = key;
    }

    void submit(int index) {
      outstanding.incrementAndGet();
      pool.execute(() -> attempt(index));
    }

    private void attempt(int index) {
      boolean done = true;
      try {
        if (paused) {
          rejected.add(index);
          return;
        }
        String path =
            (index % 5 == 0 ? "/delay/200/" : "/ok/")
                + "j"
                + index
                + "a"
                + attempts.incrementAndGet();
        HttpResponse<String> response =
            http.post("/api/v1/jobs", jobRequest(target.url(path), Map.of()), key);
        if (response.statusCode() == 202) {
          accepted.put(index, UUID.fromString(json(response).read("$.id")));
        } else if (response.statusCode() == 429) {
          long wait = response.headers().firstValueAsLong("Retry-After").orElse(1);
          done = false;
          pool.schedule(() -> attempt(index), Math.max(1, wait), TimeUnit.SECONDS);
        } else {
          refusals.incrementAndGet();
          rejected.add(index);
        }
      } catch (IOException | RuntimeException e) {
        refusals.incrementAndGet();
        rejected.add(index);
      } finally {
        if (done) {
          outstanding.decrementAndGet();
        }
      }
    }

    @Override
    public void close() {
      pool.shutdownNow();
    }
  }
}
