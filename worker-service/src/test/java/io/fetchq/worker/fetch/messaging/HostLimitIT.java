package io.fetchq.worker.fetch.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fetchq.worker.PolitenessIntegrationTest;
import io.fetchq.worker.messaging.HostLanes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The per-host limit ({@code max-per-host=2}, room for 4 waiting records): a slow host never sees
 * more than two requests at once, its excess jobs wait unclaimed or are handed back to a retry tier
 * without spending attempts, and a fast host's jobs are not held up by it. One server, two hosts
 * ({@code 127.0.0.2} slow, {@code 127.0.0.1} fast).
 */
class HostLimitIT extends PolitenessIntegrationTest {

  private static final int JOBS = 20;
  private static final String SLOW_HOST = "127.0.0.2";
  private static final String FAST_HOST = "127.0.0.1";
  private static final AtomicInteger slowNow = new AtomicInteger();
  private static final AtomicInteger slowMax = new AtomicInteger();
  private static final AtomicInteger slowHits = new AtomicInteger();
  private static final AtomicInteger heldHits = new AtomicInteger();
  private static final Map<String, Gate> gates = new ConcurrentHashMap<>();
  private static HttpServer server;

  @BeforeAll
  static void startServer() throws IOException {
    // all loopback addresses: 127.0.0.1 and 127.0.0.2 are two hosts for the worker
    server = HttpServer.create(new InetSocketAddress(0), 128);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/slow", HostLimitIT::slow);
    server.createContext("/fast", exchange -> answer(exchange));
    server.createContext("/busy", HostLimitIT::busy);
    server.createContext("/gated/", HostLimitIT::gated);
    server.createContext(
        "/held",
        exchange -> {
          heldHits.incrementAndGet();
          answer(exchange);
        });
    server.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop(0);
  }

  private static void slow(HttpExchange exchange) throws IOException {
    slowHits.incrementAndGet();
    int now = slowNow.incrementAndGet();
    slowMax.accumulateAndGet(now, Math::max);
    try {
      Thread.sleep(1_000); // the target's own latency, not a test wait
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      slowNow.decrementAndGet();
    }
    answer(exchange);
  }

  /** Requests to {@code /gated/<name>/...} hang until the test opens gate {@code name}. */
  private record Gate(CountDownLatch open, AtomicInteger now, AtomicInteger max) {

    static Gate named(String name) {
      return gates.computeIfAbsent(
          name, n -> new Gate(new CountDownLatch(1), new AtomicInteger(), new AtomicInteger()));
    }
  }

  private static void gated(HttpExchange exchange) throws IOException {
    Gate gate = Gate.named(exchange.getRequestURI().getPath().split("/")[2]);
    gate.max().accumulateAndGet(gate.now().incrementAndGet(), Math::max);
    try {
      if (!gate.open().await(60, TimeUnit.SECONDS)) {
        throw new IOException("gate never opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      gate.now().decrementAndGet();
    }
    answer(exchange);
  }

  private static void busy(HttpExchange exchange) throws IOException {
    try {
      Thread.sleep(300); // the target's own latency, not a test wait
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    answer(exchange);
  }

  private static void answer(HttpExchange exchange) throws IOException {
    byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String url(String host, String path) {
    return "http://" + host + ":" + server.getAddress().getPort() + path;
  }

  @Autowired private MeterRegistry meters;

  private long completed(List<UUID> ids) {
    return ids.stream().filter(id -> "completed".equals(status(id))).count();
  }

  private Timestamp lastCompletion(List<UUID> ids) {
    return jdbc()
        .queryForObject(
            "SELECT max(completed_at) FROM jobs WHERE id = ANY(?::uuid[])",
            Timestamp.class,
            (Object) ids.stream().map(UUID::toString).toArray(String[]::new));
  }

  @Test
  void aSlowHostNeverGetsMoreThanItsLimitAndDoesNotHoldUpOtherHosts() throws Exception {
    List<UUID> slow = new ArrayList<>();
    List<UUID> fast = new ArrayList<>();
    List<Publish> records = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      slow.add(insert(NewJob.get(url(SLOW_HOST, "/slow/" + i))));
      fast.add(insert(NewJob.get(url(FAST_HOST, "/fast/" + i))));
    }
    for (int i = 0; i < JOBS; i++) {
      records.add(Publish.of(slow.get(i)));
      records.add(Publish.of(fast.get(i)));
    }

    publish(records.toArray(Publish[]::new));

    await().atMost(Duration.ofSeconds(20)).until(() -> completed(fast) == JOBS);
    assertThat(completed(slow)).as("the slow host is still busy").isLessThan(JOBS);
    await().atMost(Duration.ofSeconds(90)).until(() -> completed(slow) == JOBS);
    assertThat(slowMax.get()).isEqualTo(MAX_PER_HOST);
    assertThat(slowHits.get()).isEqualTo(JOBS);
    assertThat(lastCompletion(fast)).isBefore(lastCompletion(slow));
    for (UUID id : slow) {
      assertThat(job(id).get("attempts")).as("deferrals spend no attempt").isEqualTo(1);
    }
    Counter busy = meters.find("fetchq.worker.deferrals").tag("reason", "host_busy").counter();
    assertThat(busy).isNotNull();
    assertThat(busy.count()).isPositive();
    Timer delays = meters.find("fetchq.worker.deferral.delay").tag("reason", "host_busy").timer();
    assertThat(delays).isNotNull();
    assertThat(delays.count()).isEqualTo((long) busy.count());
    assertThat(delays.totalTime(TimeUnit.MILLISECONDS))
        .as("each deferral is at least the minimum")
        .isGreaterThanOrEqualTo(delays.count() * (double) HostLanes.MIN_DEFERRAL.toMillis());
    assertThat(delays.max(TimeUnit.MILLISECONDS))
        .isLessThanOrEqualTo((double) HostLanes.MAX_DEFERRAL.toMillis());
  }

  @Test
  void aBacklogHandedBackForWantOfRoomIsReleasedAsSoonAsTheWorkerHasRoom() throws Exception {
    // 100 jobs to one host with room for 2 running and 4 waiting: most are handed back host_busy,
    // and the retry tiers release them as the job loop offers room, not only at their due time
    String host = "127.0.0.4";
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ids.add(insert(NewJob.get(url(host, "/fast/backlog/" + i))));
    }
    double handedBackBefore = hostBusyDeferrals();
    double releasedEarlyBefore = releasedEarly();
    double earlyBefore = deferrals("early");

    publish(ids.stream().map(Publish::of).toArray(Publish[]::new));

    await().atMost(Duration.ofSeconds(60)).until(() -> completed(ids) == ids.size());
    for (UUID id : ids) {
      assertThat(job(id).get("attempts")).as("deferrals spend no attempt").isEqualTo(1);
    }
    assertThat(hostBusyDeferrals()).isGreaterThan(handedBackBefore);
    assertThat(releasedEarly()).as("released for room").isGreaterThan(releasedEarlyBefore);
    assertThat(deferrals("early"))
        .as("a record released for room is not handed back for arriving before its due time")
        .isEqualTo(earlyBefore);
    // nor does it wait for that time once claimed: a hand-back's due time is an estimate of when
    // there would be room, so the attempt records none
    assertThat(
            jdbc()
                .queryForObject(
                    "SELECT count(*) FROM job_attempts WHERE job_id = ANY(?) AND due_at IS NOT NULL",
                    Long.class,
                    (Object) ids.toArray(UUID[]::new)))
        .isZero();
  }

  @Test
  void aHostsSlotIsFreeWhenItsFetchEndsNotWhenItsOutcomeIsDurable() throws Exception {
    // outcomes cannot commit while job_results is locked; the fetches themselves can run
    String host = "127.0.0.3";
    try (Connection lock = dataSource.getConnection();
        Statement sql = lock.createStatement()) {
      lock.setAutoCommit(false);
      sql.execute("LOCK TABLE job_results IN EXCLUSIVE MODE");
      List<UUID> held = new ArrayList<>();
      for (int i = 0; i < MAX_PER_HOST + 1; i++) {
        held.add(insert(NewJob.get(url(host, "/held/" + i))));
      }
      publish(held.stream().map(Publish::of).toArray(Publish[]::new));

      // with the slot held until the outcome commits, the third fetch would wait for the lock
      await().atMost(Duration.ofSeconds(20)).until(() -> heldHits.get() == MAX_PER_HOST + 1);
      assertThat(completed(held)).as("no outcome is durable yet").isZero();

      lock.rollback();
      await().atMost(Duration.ofSeconds(20)).until(() -> completed(held) == held.size());
    }
  }

  @Test
  void aFullWorkerPausesItsPartitionsInsteadOfHandingBackRecordsOfHostsBelowTheirLimit()
      throws Exception {
    // 60 hosts x 2 jobs (the limit): no host can be at its limit while one of its own records is
    // still to place, so nothing has a reason to be handed back. The 32 global slots and the 4
    // lane places fill at once and records of hosts with one job waiting meet full lanes: they
    // must stay in Kafka, not make a round trip through a retry tier
    int hosts = 60;
    List<UUID> ids = new ArrayList<>();
    for (int h = 0; h < hosts; h++) {
      for (int job = 0; job < MAX_PER_HOST; job++) {
        ids.add(insert(NewJob.get(url("127.0.0." + (10 + h), "/busy/" + job))));
      }
    }
    double handedBackBefore = hostBusyDeferrals();

    publish(ids.stream().map(Publish::of).toArray(Publish[]::new));

    await().atMost(Duration.ofSeconds(60)).until(() -> completed(ids) == ids.size());
    assertThat(hostBusyDeferrals()).isEqualTo(handedBackBefore);
    for (UUID id : ids) {
      assertThat(job(id).get("attempts")).isEqualTo(1);
    }
  }

  @Test
  void theNextRecordsOfAHostAtItsLimitAreClaimedWhileTheyWait() throws Exception {
    // the host's two slots hang in the gate and its four next records wait in its lane: the first
    // two of them are claimed ahead (running, attempt 1) so that a freed slot needs no claim, the
    // other two stay queued and unclaimed
    Gate gate = Gate.named("ahead");
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < MAX_PER_HOST + MAX_WAITING; i++) {
      ids.add(insert(NewJob.get(url("127.0.0.4", "/gated/ahead/" + i))));
    }

    publish(ids.stream().map(Publish::of).toArray(Publish[]::new));

    // the records may come in more than one poll: wait until all of them are placed
    await().atMost(Duration.ofSeconds(20)).until(() -> gate.now().get() == MAX_PER_HOST);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                meters.get("fetchq.worker.waiting").gauge().value() == MAX_WAITING
                    && claimedAhead() == MAX_PER_HOST);
    assertThat(countWith(ids, "running", 1)).isEqualTo(2 * MAX_PER_HOST);
    assertThat(countWith(ids, "queued", 0)).isEqualTo(MAX_WAITING - MAX_PER_HOST);

    gate.open().countDown();

    await().atMost(Duration.ofSeconds(20)).until(() -> completed(ids) == ids.size());
    assertThat(gate.max().get()).as("claimed ahead, never started ahead").isEqualTo(MAX_PER_HOST);
    assertThat(countWith(ids, "completed", 1)).isEqualTo(ids.size());
    assertThat(claimedAhead()).isZero();
  }

  @Test
  void aRecordClaimedAheadThatNeedsNoFetchLeavesTheLaneAndTheNextOneIsClaimedInstead()
      throws Exception {
    // in one partition, so in this order behind the two fetches holding the host's slots: a record
    // of a finished job (stale), one of a retrying job whose retry message may be missing (its
    // follow-up is published again), then two fetches, which take the claimed-ahead places
    Gate gate = Gate.named("refill");
    String host = "127.0.0.5";
    List<UUID> running = new ArrayList<>();
    for (int i = 0; i < MAX_PER_HOST; i++) {
      running.add(insert(NewJob.get(url(host, "/gated/refill/r" + i))));
    }
    UUID finished =
        insert(NewJob.get(url(host, "/gated/refill/finished")).withStatus("completed", 1));
    UUID retrying =
        insert(NewJob.get(url(host, "/gated/refill/retrying")).withStatus("retrying", 1));
    List<UUID> next = new ArrayList<>();
    for (int i = 0; i < MAX_PER_HOST; i++) {
      next.add(insert(NewJob.get(url(host, "/gated/refill/n" + i))));
    }
    double staleBefore = skipped("stale");
    double repairsBefore = repairs();
    publish(running.stream().map(id -> Publish.of(id, 1, 0)).toArray(Publish[]::new));
    await().atMost(Duration.ofSeconds(20)).until(() -> gate.now().get() == MAX_PER_HOST);

    List<Publish> waiting = new ArrayList<>();
    waiting.add(Publish.of(finished, 1, 0));
    waiting.add(Publish.of(retrying, 1, 0));
    next.forEach(id -> waiting.add(Publish.of(id, 1, 0)));
    publish(waiting.toArray(Publish[]::new));

    await().atMost(Duration.ofSeconds(20)).until(() -> skipped("stale") == staleBefore + 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> repairs() == repairsBefore + 1);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> countWith(next, "running", 1) == next.size());
    assertThat(claimedAhead()).isEqualTo(MAX_PER_HOST);
    assertThat(gate.now().get()).isEqualTo(MAX_PER_HOST);

    gate.open().countDown();

    List<UUID> fetched = new ArrayList<>(running);
    fetched.addAll(next);
    fetched.add(retrying);
    await().atMost(Duration.ofSeconds(30)).until(() -> completed(fetched) == fetched.size());
    assertThat(job(retrying).get("attempts")).as("its retry, attempt 2, ran").isEqualTo(2);
    assertThat(job(finished).get("attempts")).isEqualTo(1);
    assertThat(results(finished)).as("a finished job is never fetched again").isZero();
    assertThat(gate.max().get()).isEqualTo(MAX_PER_HOST);
  }

  private double claimedAhead() {
    return meters.get("fetchq.worker.claimed.ahead").gauge().value();
  }

  private double skipped(String reason) {
    Counter counter = meters.find("fetchq.worker.messages.skipped").tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  private double repairs() {
    Counter counter = meters.find("fetchq.worker.follow.up.repairs").tag("kind", "retry").counter();
    return counter == null ? 0 : counter.count();
  }

  private long countWith(List<UUID> ids, String status, int attempts) {
    return ids.stream()
        .map(this::job)
        .filter(row -> status.equals(row.get("status")) && row.get("attempts").equals(attempts))
        .count();
  }

  private double releasedEarly() {
    Counter counter = meters.find("fetchq.worker.retry.released.early").counter();
    return counter == null ? 0 : counter.count();
  }

  private double deferrals(String reason) {
    Counter counter = meters.find("fetchq.worker.deferrals").tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  private double hostBusyDeferrals() {
    Counter busy = meters.find("fetchq.worker.deferrals").tag("reason", "host_busy").counter();
    return busy == null ? 0 : busy.count();
  }
}
