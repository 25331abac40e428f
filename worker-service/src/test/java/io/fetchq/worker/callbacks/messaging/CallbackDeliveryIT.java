package io.fetchq.worker.callbacks.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fetchq.contracts.Topics;
import io.fetchq.contracts.webhooks.v1.CallbackMessage;
import io.fetchq.contracts.webhooks.v1.WebhookSignatures;
import io.fetchq.contracts.webhooks.v1.WebhookSigningSecret;
import io.fetchq.kernel.destinations.UrlHost;
import io.fetchq.worker.WorkerIntegrationTest;
import io.fetchq.worker.metrics.SloBuckets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Webhook delivery end to end against a local receiver: delivery rows inserted as the API leaves
 * them ({@code queued}, payload rendered), callback messages published to the callbacks topic, and
 * the worker's consumer loop, claim, signing, HTTP client, outcome and redelivery scheduler at
 * work. The context's schedule is {@value WorkerIntegrationTest#WEBHOOK_RETRY_SCHEDULE} (4
 * attempts), the delivery timeout 1 s. One server answers on every loopback address, so {@code
 * 127.0.0.2} and {@code 127.0.0.1} are two destinations.
 */
class CallbackDeliveryIT extends WorkerIntegrationTest {

  private static final String CALLBACKS = Topics.name(PREFIX, Topics.CALLBACKS);
  private static final String CALLBACK_GROUP = "fetchq-workers-callbacks";
  private static final int ATTEMPTS = 4;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One request the receiver got. */
  record Hit(Map<String, String> headers, byte[] body, Instant at) {}

  /** How the receiver answers path {@code p}: hit number (1-based) → status; sleeps if set. */
  record Script(IntUnaryOperator status, Duration sleep, String location) {}

  private static final Map<String, List<Hit>> hits = new ConcurrentHashMap<>();
  private static final Map<String, Script> scripts = new ConcurrentHashMap<>();
  private static HttpServer server;

  @BeforeAll
  static void startReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(0), 128);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", CallbackDeliveryIT::receive);
    server.start();
  }

  @AfterAll
  static void stopReceiver() {
    server.stop(0);
  }

  private static void receive(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    Map<String, String> headers = new ConcurrentHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
    headers.put(":method", exchange.getRequestMethod());
    List<Hit> list = hits.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>());
    list.add(new Hit(headers, body, Instant.now()));
    Script script = scripts.getOrDefault(path, new Script(n -> 204, Duration.ZERO, null));
    try {
      if (script.sleep().isPositive()) {
        Thread.sleep(script.sleep()); // the receiver's own latency, not a test wait
      }
      if (script.location() != null) {
        exchange.getResponseHeaders().add("Location", script.location());
      }
      byte[] answer = "thanks".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(script.status().applyAsInt(list.size()), answer.length);
      exchange.getResponseBody().write(answer);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the worker gave up on this exchange
    } finally {
      exchange.close();
    }
  }

  @Autowired private MeterRegistry meters;

  private static String url(String host, String path) {
    return "http://" + host + ":" + server.getAddress().getPort() + path;
  }

  private static String path() {
    return "/hook/" + UUID.randomUUID();
  }

  private static List<Hit> hitsOf(String path) {
    return hits.getOrDefault(path, List.of());
  }

  private static String newSecret() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return WebhookSigningSecret.PREFIX + Base64.getEncoder().encodeToString(key);
  }

  private UUID tenant(String secret, String previous, Instant rotatedAt) {
    UUID id = UUID.randomUUID();
    jdbc()
        .update(
            """
            INSERT INTO tenants (id, name, rate_limit_per_second, rate_limit_burst, webhook_secret,
                                 previous_webhook_secret, webhook_secret_rotated_at)
            VALUES (?, ?, 100, 200, ?, ?, ?)
            """,
            id,
            "t-" + id,
            secret,
            previous,
            rotatedAt == null ? null : Timestamp.from(rotatedAt));
    return id;
  }

  /** A delivery row as the API leaves it: payload rendered, queued for attempt 1. */
  private record Event(UUID id, UUID tenantId, String url, String payload) {}

  private Event event(UUID tenantId, String url) {
    UUID id = UUID.randomUUID();
    String payload =
        "{\"type\":\"job.completed\",\"timestamp\":\"2026-12-04T12:00:00Z\",\"data\":{\"id\":\""
            + UUID.randomUUID()
            + "\",\"status\":\"completed\",\"note\":\"caf\u00e9 \u2713\"}}";
    jdbc()
        .update(
            """
            INSERT INTO webhook_deliveries (id, tenant_id, job_id, event_type, url, state,
                                            attempts, payload, occurred_at, updated_at)
            VALUES (?, ?, ?, 'job.completed', ?, 'queued', 0, ?, now(), now())
            """,
            id,
            tenantId,
            UUID.randomUUID(),
            url,
            payload);
    return new Event(id, tenantId, url, payload);
  }

  private Event event(String url) {
    return event(tenant(newSecret(), null, null), url);
  }

  private List<RecordMetadata> publish(Event... events) throws Exception {
    return publish(1, events);
  }

  private List<RecordMetadata> publish(int attempt, Event... events) throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.getBrokersAsString(),
            ProducerConfig.LINGER_MS_CONFIG,
            0);
    List<RecordMetadata> sent = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      List<java.util.concurrent.Future<RecordMetadata>> futures = new ArrayList<>();
      for (Event event : events) {
        CallbackMessage message =
            new CallbackMessage(
                event.id(), event.tenantId(), attempt, UrlHost.key(event.url()), Instant.now());
        ProducerRecord<String, byte[]> record =
            new ProducerRecord<>(CALLBACKS, event.id().toString(), json.writeValueAsBytes(message));
        record
            .headers()
            .add(Topics.TYPE_HEADER, CallbackMessage.TYPE.getBytes(StandardCharsets.UTF_8));
        futures.add(producer.send(record));
      }
      for (var future : futures) {
        sent.add(future.get(30, TimeUnit.SECONDS));
      }
    }
    return sent;
  }

  private Map<String, Object> row(UUID id) {
    return jdbc().queryForMap("SELECT * FROM webhook_deliveries WHERE id = ?", id);
  }

  private String state(UUID id) {
    return (String) row(id).get("state");
  }

  private long committed(RecordMetadata metadata) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(CALLBACK_GROUP)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      OffsetAndMetadata offset = offsets.get(new TopicPartition(CALLBACKS, metadata.partition()));
      return offset == null ? -1 : offset.offset();
    }
  }

  private static String hmac(String secret, String id, String timestamp, byte[] body)
      throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(
            Base64.getDecoder().decode(secret.substring(WebhookSigningSecret.PREFIX.length())),
            "HmacSHA256"));
    mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
    return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
  }

  private static boolean verifies(Hit hit, String signatures, String secret) {
    return WebhookSignatures.verify(
        hit.headers().get("webhook-id"),
        Long.parseLong(hit.headers().get("webhook-timestamp")),
        hit.body(),
        signatures,
        WebhookSigningSecret.parse(secret),
        Instant.now(),
        WebhookSignatures.DEFAULT_TOLERANCE);
  }

  private double attemptsCounted(String outcome) {
    Counter counter =
        meters.find("fetchq.worker.callbacks.attempts").tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void deliversASignedEventExactlyOnceAndCommitsItsOffset() throws Exception {
    String secret = newSecret();
    String path = path();
    Event event = event(tenant(secret, null, null), url("127.0.0.1", path));
    Timer latency = meters.find("fetchq.worker.callbacks.delivery.latency").timer();
    long measuredBefore = latency == null ? 0 : latency.count();

    RecordMetadata sent = publish(event).getFirst();

    await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(state(event.id())));
    Map<String, Object> row = row(event.id());
    assertThat(row.get("attempts")).isEqualTo(1);
    assertThat(row.get("last_status_code")).isEqualTo(204);
    assertThat(row.get("delivered_at")).isNotNull();
    assertThat(row.get("next_attempt_at")).isNull();
    Hit hit = hitsOf(path).getFirst();
    assertThat(hitsOf(path)).hasSize(1);
    assertThat(hit.body()).isEqualTo(event.payload().getBytes(StandardCharsets.UTF_8));
    assertThat(hit.headers())
        .containsEntry(":method", "POST")
        .containsEntry("content-type", "application/json")
        .containsEntry("webhook-id", event.id().toString())
        .containsEntry("user-agent", "fetchq-webhooks/1");
    long timestamp = Long.parseLong(hit.headers().get("webhook-timestamp"));
    assertThat(Math.abs(Instant.now().getEpochSecond() - timestamp)).isLessThan(30);
    String signature = hit.headers().get("webhook-signature");
    assertThat(signature).doesNotContain(" ");
    assertThat(verifies(hit, signature, secret)).isTrue();
    assertThat(signature)
        .isEqualTo(
            hmac(
                secret, event.id().toString(), hit.headers().get("webhook-timestamp"), hit.body()));
    assertThat(verifies(hit, signature, newSecret())).isFalse();
    await().atMost(Duration.ofSeconds(10)).until(() -> committed(sent) > sent.offset());
    Timer measured = meters.find("fetchq.worker.callbacks.delivery.latency").timer();
    assertThat(measured).isNotNull();
    assertThat(measured.count()).isGreaterThan(measuredBefore);
    assertThat(measured.takeSnapshot().histogramCounts())
        .extracting(b -> Duration.ofNanos((long) b.bucket()))
        .containsExactly(SloBuckets.WEBHOOK_DELIVERY);
  }

  @Test
  void retriesOn503ThenDelivers() throws Exception {
    String path = path();
    scripts.put(path, new Script(n -> n <= 2 ? 503 : 200, Duration.ZERO, null));
    Event event = event(url("127.0.0.1", path));

    publish(event);

    await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(state(event.id())));
    assertThat(row(event.id()).get("attempts")).isEqualTo(3);
    assertThat(row(event.id()).get("last_status_code")).isEqualTo(200);
    assertThat(hitsOf(path)).hasSize(3);
    List<Hit> all = hitsOf(path);
    assertThat(all)
        .extracting(h -> h.headers().get("webhook-id"))
        .containsOnly(event.id().toString());
    // the schedule's 200 ms (±10 %) lies between attempts
    for (int i = 1; i < all.size(); i++) {
      assertThat(Duration.between(all.get(i - 1).at(), all.get(i).at()))
          .isGreaterThanOrEqualTo(Duration.ofMillis(170));
    }
  }

  @Test
  void aSlowReceiverTimesOutAndIsRetriedWhileOtherDestinationsAreServedPromptly() throws Exception {
    String warmUp = path();
    Event first = event(url("127.0.0.1", warmUp));
    publish(first);
    await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(state(first.id())));
    double deferredBefore = attemptsCounted("deferred");
    List<Event> slow = new ArrayList<>();
    List<Event> fast = new ArrayList<>();
    // MAX_PER_DESTINATION run, one waits unclaimed in the destination's lane (max-waiting=1), the
    // rest are handed back; the fast destination's records find the lanes full but their
    // destination free, and start at once
    for (int i = 0; i < MAX_PER_DESTINATION + 3; i++) {
      String path = path();
      scripts.put(path, new Script(n -> 200, Duration.ofSeconds(3), null));
      slow.add(event(url("127.0.0.2", path)));
    }
    for (int i = 0; i < 3; i++) {
      fast.add(event(url("127.0.0.1", path())));
    }
    List<Event> all = new ArrayList<>(slow);
    all.addAll(fast);

    Instant published = Instant.now();
    publish(all.toArray(Event[]::new));

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> fast.stream().allMatch(e -> "delivered".equals(state(e.id()))));
    for (Event e : fast) {
      Instant delivered = ((Timestamp) row(e.id()).get("delivered_at")).toInstant();
      assertThat(Duration.between(published, delivered)).isLessThan(Duration.ofMillis(1500));
    }
    assertThat(slow).noneMatch(e -> "failed".equals(state(e.id())));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> slow.stream().allMatch(e -> "failed".equals(state(e.id()))));
    for (Event e : slow) {
      Map<String, Object> row = row(e.id());
      assertThat(row.get("attempts")).as("deferrals spend no attempt").isEqualTo(ATTEMPTS);
      assertThat(row.get("last_error")).isEqualTo("timeout");
      assertThat(row.get("last_status_code")).isNull();
      assertThat(row.get("failed_at")).isNotNull();
    }
    assertThat(attemptsCounted("deferred")).isGreaterThan(deferredBefore);
  }

  @Test
  void goneStopsRedeliveryAtOnce() throws Exception {
    String path = path();
    scripts.put(path, new Script(n -> 410, Duration.ZERO, null));
    Event event = event(url("127.0.0.1", path));

    publish(event);

    await().atMost(Duration.ofSeconds(15)).until(() -> "failed".equals(state(event.id())));
    Map<String, Object> row = row(event.id());
    assertThat(row.get("last_status_code")).isEqualTo(410);
    assertThat(row.get("last_error")).isEqualTo("gone");
    assertThat(row.get("attempts")).isEqualTo(1);
    assertThat(row.get("failed_at")).isNotNull();
    assertThat(hitsOf(path)).hasSize(1);
  }

  @Test
  void redirectsAreNotFollowed() throws Exception {
    String path = path();
    String target = path();
    scripts.put(path, new Script(n -> 302, Duration.ZERO, url("127.0.0.1", target)));
    Event event = event(url("127.0.0.1", path));

    publish(event);

    await().atMost(Duration.ofSeconds(15)).until(() -> "failed".equals(state(event.id())));
    Map<String, Object> row = row(event.id());
    assertThat(row.get("last_status_code")).isEqualTo(302);
    assertThat(row.get("last_error")).isEqualTo("redirect_not_followed");
    assertThat(row.get("attempts")).isEqualTo(ATTEMPTS);
    assertThat(hitsOf(path)).hasSize(ATTEMPTS);
    assertThat(hitsOf(target)).isEmpty();
  }

  @Test
  void duringARotationBothSecretsSignAndAfterTwentyFourHoursOnlyTheNewOne() throws Exception {
    String current = newSecret();
    String previous = newSecret();
    String recentPath = path();
    String oldPath = path();
    Event recent =
        event(
            tenant(current, previous, Instant.now().minus(Duration.ofHours(1))),
            url("127.0.0.1", recentPath));
    Event old =
        event(
            tenant(current, previous, Instant.now().minus(Duration.ofHours(25))),
            url("127.0.0.1", oldPath));

    publish(recent, old);

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> "delivered".equals(state(recent.id())) && "delivered".equals(state(old.id())));
    Hit during = hitsOf(recentPath).getFirst();
    String[] both = during.headers().get("webhook-signature").split(" ");
    assertThat(both).hasSize(2);
    assertThat(verifies(during, both[0], current)).isTrue();
    assertThat(verifies(during, both[0], previous)).isFalse();
    assertThat(verifies(during, both[1], previous)).isTrue();
    assertThat(verifies(during, both[1], current)).isFalse();
    String timestamp = during.headers().get("webhook-timestamp");
    assertThat(both)
        .containsExactly(
            hmac(current, recent.id().toString(), timestamp, during.body()),
            hmac(previous, recent.id().toString(), timestamp, during.body()));
    Hit after = hitsOf(oldPath).getFirst();
    String single = after.headers().get("webhook-signature");
    assertThat(single.split(" ")).hasSize(1);
    assertThat(verifies(after, single, current)).isTrue();
    assertThat(verifies(after, single, previous)).isFalse();
  }

  @Test
  void aRefusedDestinationFailsAtOnceAndReceivesNothing() throws Exception {
    Event privateAddress = event("http://10.20.30.40:" + server.getAddress().getPort() + "/x");
    Event metadata = event("http://169.254.169.254/latest/meta-data");
    Event notHttp = event("ftp://127.0.0.1/x");

    publish(privateAddress, metadata, notHttp);

    for (Event e : List.of(privateAddress, metadata, notHttp)) {
      await().atMost(Duration.ofSeconds(15)).until(() -> "failed".equals(state(e.id())));
      Map<String, Object> row = row(e.id());
      assertThat(row.get("last_error")).isEqualTo("destination_refused");
      assertThat(row.get("attempts")).isEqualTo(1);
      assertThat(row.get("last_status_code")).isNull();
    }
  }

  @Test
  void anExhaustedScheduleFailsTheDelivery() throws Exception {
    String path = path();
    scripts.put(path, new Script(n -> 503, Duration.ZERO, null));
    Event event = event(url("127.0.0.1", path));

    publish(event);

    await().atMost(Duration.ofSeconds(15)).until(() -> "failed".equals(state(event.id())));
    Map<String, Object> row = row(event.id());
    assertThat(row.get("attempts")).isEqualTo(ATTEMPTS);
    assertThat(row.get("last_status_code")).isEqualTo(503);
    assertThat(row.get("last_error")).isEqualTo("http_status");
    assertThat(row.get("failed_at")).isNotNull();
    assertThat(row.get("next_attempt_at")).isNull();
    assertThat(hitsOf(path)).hasSize(ATTEMPTS);
  }

  @Test
  void duplicateMessagesNeverPostTwice() throws Exception {
    String path = path();
    Event event = event(url("127.0.0.1", path));

    List<RecordMetadata> sent = publish(event, event);
    await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(state(event.id())));
    double staleBefore = attemptsCounted("stale");
    RecordMetadata late = publish(event).getFirst();
    await().atMost(Duration.ofSeconds(10)).until(() -> committed(late) > late.offset());

    assertThat(hitsOf(path)).hasSize(1);
    assertThat(row(event.id()).get("attempts")).isEqualTo(1);
    assertThat(attemptsCounted("stale")).isGreaterThan(staleBefore);
    assertThat(sent).hasSize(2);
  }

  @Test
  void aRecordThatCannotBeHandledIsRetriedUntilItCan() throws Exception {
    String path = path();
    UUID tenant = tenant(newSecret(), null, null);
    String secret = newSecret();
    jdbc().update("UPDATE tenants SET webhook_secret = 'not-a-secret' WHERE id = ?", tenant);
    Event event = event(tenant, url("127.0.0.1", path));

    RecordMetadata sent = publish(event).getFirst();
    await().atMost(Duration.ofSeconds(15)).until(() -> "sending".equals(state(event.id())));
    assertThat(hitsOf(path)).isEmpty();
    assertThat(committed(sent)).isLessThanOrEqualTo(sent.offset());
    jdbc().update("UPDATE tenants SET webhook_secret = ? WHERE id = ?", secret, tenant);

    await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(state(event.id())));
    assertThat(row(event.id()).get("attempts")).isEqualTo(1);
    Hit hit = hitsOf(path).getFirst();
    assertThat(verifies(hit, hit.headers().get("webhook-signature"), secret)).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> committed(sent) > sent.offset());
  }

  /**
   * Delivery latency as the worker sees it: from the row's {@code occurred_at} (set just before the
   * message is published, i.e. an instant outbox relay) to the 2xx answer, one event at a time.
   */
  @Test
  void measuresDeliveryLatency() throws Exception {
    int events = 100;
    List<Duration> latencies = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      Event event = event(url("127.0.0.1", path()));
      publish(event);
      await()
          .pollInterval(Duration.ofMillis(5))
          .atMost(Duration.ofSeconds(10))
          .until(() -> "delivered".equals(state(event.id())));
      Map<String, Object> row = row(event.id());
      latencies.add(
          Duration.between(
              ((Timestamp) row.get("occurred_at")).toInstant(),
              ((Timestamp) row.get("delivered_at")).toInstant()));
    }
    latencies.sort(null);
    Duration p50 = latencies.get(events / 2 - 1);
    Duration p99 = latencies.get(events * 99 / 100 - 1);
    org.slf4j.LoggerFactory.getLogger(CallbackDeliveryIT.class)
        .info(
            "webhook delivery latency events={} p50Ms={} p99Ms={} maxMs={}",
            events,
            p50.toMillis(),
            p99.toMillis(),
            latencies.getLast().toMillis());
    assertThat(p50).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void anUndecodableRecordIsSkipped() throws Exception {
    Map<String, Object> config =
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
    RecordMetadata sent;
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      sent =
          producer
              .send(
                  new ProducerRecord<>(CALLBACKS, "k", "not json".getBytes(StandardCharsets.UTF_8)))
              .get(30, TimeUnit.SECONDS);
    }

    await().atMost(Duration.ofSeconds(15)).until(() -> committed(sent) > sent.offset());
  }
}
