package io.fetchq.standalone;

import static io.fetchq.standalone.FetchqHttp.jobRequest;
import static io.fetchq.standalone.FetchqHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.testsupport.TestDatabase;
import io.fetchq.testsupport.TestTarget;
import java.io.IOException;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed topology on loopback: one broker process ({@code fetchq-standalone.jar broker}),
 * two api-service and three worker-service JVMs on one PostgreSQL database, and a target that
 * answers 503 to 20 % of the requests and delays a fifth of the jobs. While jobs are submitted, one
 * worker is killed with SIGKILL and one API is restarted gracefully; clients retry on the other API
 * with the same {@code Idempotency-Key}. Afterwards there is exactly one job per submission, every
 * one terminal, and the target's request log agrees with the attempts recorded in the database: the
 * only extra requests (duplicates) are those of jobs in flight at the kill.
 */
class ChaosIT {

  private static final int JOBS = Integer.getInteger("fetchq.it.chaos.jobs", 5_000);
  private static final int CLIENT_THREADS = 48;
  // the workers run with the default per-host limit; every job targets the one loopback target
  private static final int WORKER_MAX_PER_HOST = 16;
  private static final String JVM_HEAP = "-Xmx384m";
  private static final Duration READY = Duration.ofSeconds(240);
  private static final Duration SETTLE = Duration.ofMinutes(4);
  private static final String ADMIN_KEY = "chaos-admin-" + UUID.randomUUID();
  private static final String RETRY =
      "{\"maxAttempts\":6,\"initialDelayMs\":200,\"maxDelayMs\":2000}";

  @TempDir static Path dataDir;

  private static TestDatabase database;
  private static TestTarget target;
  private static final List<ChildJvm> children = new ArrayList<>();

  @BeforeAll
  static void prepare() {
    database = TestDatabase.create("chaos");
    target = TestTarget.start();
  }

  @AfterAll
  static void destroyChildren() throws InterruptedException {
    for (ChildJvm child : children) {
      child.kill();
    }
    if (target != null) {
      target.close();
    }
  }

  @Test
  void everyAcceptedJobIsTerminalAndMatchesTheTargetLogAcrossAWorkerKillAndAnApiRestart()
      throws Exception {
    long begin = System.nanoTime();
    String prefix = "chaos" + UUID.randomUUID().toString().substring(0, 8) + ".";
    int kafkaPort = ChildJvm.freePort();
    ChildJvm broker =
        spawn(
            "chaos-broker",
            List.of(
                JVM_HEAP,
                "-jar",
                Path.of("target", "fetchq-standalone.jar").toAbsolutePath() + "",
                "broker"),
            Map.of(
                "FETCHQ_STANDALONE_DATA_DIR",
                dataDir.toString(),
                "FETCHQ_STANDALONE_KAFKA_PORT",
                Integer.toString(kafkaPort)));
    broker.start().awaitLog("Kafka broker ready", READY);

    Map<String, String> common =
        Map.of(
            "FETCHQ_KAFKA_BOOTSTRAP",
            "127.0.0.1:" + kafkaPort,
            "FETCHQ_DB_URL",
            database.jdbcUrl(),
            "FETCHQ_DB_USER",
            database.username(),
            "FETCHQ_DB_PASSWORD",
            database.password(),
            "FETCHQ_ALLOWED_CIDRS",
            "127.0.0.0/8",
            "FETCHQ_BOOTSTRAP_ADMIN_KEY",
            ADMIN_KEY,
            "FETCHQ_KAFKA_TOPIC_PREFIX",
            prefix,
            // this run's own rate-limit buckets in the shared Redis, and no throttling of the
            // submitter (the system tenant's stored limit is 100/s)
            "FETCHQ_RATE_LIMIT_KEY_PREFIX",
            prefix + "rl:",
            "FETCHQ_RATE_LIMIT_SYSTEM_PER_SECOND",
            "100000",
            "FETCHQ_RATE_LIMIT_SYSTEM_BURST",
            "1000000");
    List<Service> apis = new ArrayList<>();
    List<Service> workers = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      apis.add(service("chaos-api-" + i, "api-service", common));
    }
    for (int i = 1; i <= 3; i++) {
      workers.add(service("chaos-worker-" + i, "worker-service", common));
    }
    apis.getFirst().start(); // applies the schema
    List<Service> rest = new ArrayList<>(apis.subList(1, 2));
    rest.addAll(workers);
    for (Service service : rest) {
      service.jvm.start();
    }
    for (Service service : rest) {
      service.awaitReady();
    }
    long startedMs = Duration.ofNanos(System.nanoTime() - begin).toMillis();

    Submitter submitter = new Submitter(apis.stream().map(s -> s.http).toList());
    for (int i = 0; i < JOBS; i++) {
      submitter.submit(i);
    }
    await().atMost(Duration.ofSeconds(120)).until(() -> submitter.accepted.size() >= JOBS * 3 / 10);
    Service killed = workers.getFirst();
    killed.jvm.kill();
    int acceptedAtKill = submitter.accepted.size();

    await().atMost(Duration.ofSeconds(120)).until(() -> submitter.accepted.size() >= JOBS * 6 / 10);
    Service restarted = apis.get(1);
    int acceptedAtRestart = submitter.accepted.size();
    assertThat(restarted.jvm.stop(Duration.ofSeconds(60)))
        .as("the API exits after SIGTERM")
        .isTrue();
    restarted.start();

    submitter.pool.shutdown();
    assertThat(submitter.pool.awaitTermination(3, TimeUnit.MINUTES)).isTrue();
    assertThat(submitter.accepted).as("every job accepted by one of the APIs").hasSize(JOBS);

    await()
        .atMost(SETTLE)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                count("SELECT count(*) FROM jobs WHERE status IN ('queued','running','retrying')")
                        == 0
                    && count("SELECT count(*) FROM jobs") >= JOBS);

    Map<UUID, JobRow> rows = jobs();
    List<UUID> acceptedIds = new ArrayList<>(submitter.accepted.values());
    assertThat(acceptedIds).doesNotHaveDuplicates();
    long lost = acceptedIds.stream().filter(id -> !rows.containsKey(id)).count();
    long stuck =
        rows.values().stream()
            .filter(r -> !r.status.equals("completed") && !r.status.equals("failed"))
            .count();
    Map<String, Long> hitsByPath =
        target.requests().stream()
            .collect(Collectors.groupingBy(TestTarget.Request::path, Collectors.counting()));
    long attempts = 0;
    long duplicates = 0;
    long unanswered = 0;
    long unreached = 0;
    for (JobRow row : rows.values()) {
      long hits = hitsByPath.getOrDefault(URI.create(row.url).getPath(), 0L);
      assertThat(row.attemptRows)
          .as("attempt rows of job %s equal its attempt count", row.id)
          .isEqualTo(row.attempts);
      // An attempt that failed before the target read the request (connection reset or refused
      // under load) is recorded without a status code and is absent from the target's log.
      assertThat(hits)
          .as("target hits of job %s ≥ its attempts that got a response", row.id)
          .isGreaterThanOrEqualTo(row.answeredRows);
      attempts += row.attemptRows;
      duplicates += Math.max(0, hits - row.attemptRows);
      unanswered += row.attemptRows - row.answeredRows;
      unreached += Math.max(0, row.attemptRows - hits);
    }
    long targetHits = hitsByPath.values().stream().mapToLong(Long::longValue).sum();
    long completed = rows.values().stream().filter(r -> r.status.equals("completed")).count();
    long failed = rows.values().stream().filter(r -> r.status.equals("failed")).count();
    System.out.printf(
        "chaos: accepted=%d completed=%d failed=%d lost=%d stuck=%d attempts=%d targetHits=%d"
            + " duplicates=%d unanswered=%d unreached=%d killedWorker=%s restartedApi=%s"
            + " seconds=%d%n",
        acceptedIds.size(),
        completed,
        failed,
        lost,
        stuck,
        attempts,
        targetHits,
        duplicates,
        unanswered,
        unreached,
        killed.jvm.name(),
        restarted.jvm.name(),
        Duration.ofNanos(System.nanoTime() - begin).toSeconds());
    System.out.printf(
        "chaos: processes ready after %d ms; accepted at kill %d, at API restart %d; %d job rows;"
            + " %d submissions failed over to the other API%n",
        startedMs, acceptedAtKill, acceptedAtRestart, rows.size(), submitter.failovers.get());

    assertThat(rows)
        .as("one job per submission: retries after the API restart were answered idempotently")
        .hasSize(JOBS);
    assertThat(lost).as("lost").isZero();
    assertThat(stuck).as("stuck").isZero();
    assertThat(unreached)
        .as("attempts the target never saw all failed before a response")
        .isLessThanOrEqualTo(unanswered);
    assertThat(duplicates)
        .as("duplicates: only the killed worker's fetches in flight, at most its per-host limit")
        .isLessThanOrEqualTo(WORKER_MAX_PER_HOST);
    assertThat(submitter.failovers.get()).as("the API restart was felt by clients").isPositive();
  }

  private static Service service(String name, String artifact, Map<String, String> common)
      throws IOException {
    int port = ChildJvm.freePort();
    Map<String, String> env = new HashMap<>(common);
    env.put("FETCHQ_HTTP_PORT", Integer.toString(port));
    List<String> args =
        new ArrayList<>(List.of(JVM_HEAP, "-jar", ChildJvm.execJar(artifact).toString()));
    ChildJvm jvm = spawn(name, args, env);
    return new Service(jvm, new FetchqHttp("http://127.0.0.1:" + port));
  }

  private static ChildJvm spawn(String name, List<String> args, Map<String, String> env) {
    ChildJvm jvm = new ChildJvm(name, args, env);
    children.add(jvm);
    return jvm;
  }

  private record Service(ChildJvm jvm, FetchqHttp http) {
    void start() throws IOException {
      jvm.start();
      awaitReady();
    }

    void awaitReady() {
      jvm.awaitReady(http, READY);
    }
  }

  /**
   * @param attemptRows attempts recorded for the job
   * @param answeredRows those of them that received an HTTP response (so the target logged them)
   */
  private record JobRow(
      UUID id, String status, String url, int attempts, int attemptRows, int answeredRows) {}

  private static Map<UUID, JobRow> jobs() throws SQLException {
    List<JobRow> rows = new ArrayList<>();
    try (Connection c = database.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT j.id, j.status, j.url, j.attempts,"
                    + " (SELECT count(*) FROM job_attempts a WHERE a.job_id = j.id),"
                    + " (SELECT count(*) FROM job_attempts a WHERE a.job_id = j.id"
                    + "  AND a.status_code IS NOT NULL)"
                    + " FROM jobs j")) {
      while (rs.next()) {
        rows.add(
            new JobRow(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                rs.getInt(4),
                rs.getInt(5),
                rs.getInt(6)));
      }
    }
    return rows.stream().collect(Collectors.toMap(JobRow::id, Function.identity()));
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = database.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Submits jobs from {@value #CLIENT_THREADS} client threads, alternating between the APIs; a
   * submission that is not answered 202 (API down, refused) is sent to the other API, with a short
   * back-off once both refused. Every submission has its own target path, so the target's log
   * attributes every request to exactly one job row.
   */
  private static final class Submitter {
    final ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS);
    final Map<Integer, UUID> accepted = new ConcurrentHashMap<>();
    final AtomicInteger submissions = new AtomicInteger();
    final AtomicInteger failovers = new AtomicInteger();
    private final List<FetchqHttp> apis;

    Submitter(List<FetchqHttp> apis) {
      this.apis = apis;
    }

    void submit(int index) {
      pool.execute(() -> submitUntilAccepted(index));
    }

    private void submitUntilAccepted(int index) {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      // The same request and Idempotency-Key on every try: an answer lost in the API restart is
      // answered again (200, replayed) by whichever API gets the retry, never a second job.
      String path = (index % 5 == 0 ? "/delay/300/" : "/flaky/20/") + "c" + index;
      String body = jobRequest(target.url(path), Map.of("retry", RETRY));
      String idempotencyKey = "chaos-" + index;
      for (int tries = 0; System.nanoTime() < deadline; tries++) {
        FetchqHttp api = apis.get((index + tries) % apis.size());
        submissions.incrementAndGet();
        try {
          HttpResponse<String> response = api.post("/api/v1/jobs", body, ADMIN_KEY, idempotencyKey);
          if (response.statusCode() == 202 || response.statusCode() == 200) {
            accepted.put(index, UUID.fromString(json(response).read("$.id")));
            return;
          }
        } catch (IOException | RuntimeException e) {
          // the API is down or restarting: the other one takes the job
        }
        failovers.incrementAndGet();
        if (tries % 2 == 1) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200)); // both refused: back off
        }
      }
    }
  }
}
