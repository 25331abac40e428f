package io.fetchq.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.contracts.Topics;
import io.fetchq.testsupport.TestDatabase;
import io.fetchq.testsupport.TestTarget;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The span chain of a job end to end (ARCHITECTURE.md "Tracing"), recorded by an in-memory exporter
 * added to the SDK the OpenTelemetry starter configures (exporter {@code none} otherwise): {@code
 * POST /api/v1/jobs} → relay PRODUCER → worker CONSUMER → fetch CLIENT and outcome persistence, and
 * → callback PRODUCER → CONSUMER → webhook CLIENT, all in one trace; a retried attempt in a new
 * trace linked to the attempt before it.
 */
class TracingEndToEndIT {

  private static final String ADMIN_KEY =
      "tr-admin-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 62), 36);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
  private static final String PREFIX = StandaloneSettings.topicPrefix("tr");

  private static final AttributeKey<String> JOB_ID = AttributeKey.stringKey("fetchq.job.id");
  private static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("fetchq.event.id");
  private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("fetchq.attempt");
  private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<String> URL = AttributeKey.stringKey("url.full");
  private static final AttributeKey<Long> STATUS =
      AttributeKey.longKey("http.response.status_code");

  @TempDir static Path dataDir;

  private static TestTarget target;
  private static ConfigurableApplicationContext application;
  private static FetchqHttp http;
  private static String tenantKey;

  @BeforeAll
  static void start() throws IOException {
    TestDatabase database = TestDatabase.create("tracing");
    target = TestTarget.start();
    SpringApplication app = StandaloneApplication.create();
    AutoConfigurationCustomizerProvider inMemory =
        customizer ->
            customizer.addTracerProviderCustomizer(
                (builder, config) -> builder.addSpanProcessor(SimpleSpanProcessor.create(SPANS)));
    app.addInitializers(
        context -> context.getBeanFactory().registerSingleton("testSpanExporter", inMemory));
    application =
        app.run(StandaloneSettings.inProcessArgs(database, dataDir, ADMIN_KEY, PREFIX, Map.of()));
    http =
        new FetchqHttp(
            "http://127.0.0.1:" + application.getEnvironment().getProperty("local.server.port"));
    // the first requests initialise the web stack: on a loaded machine that alone can take seconds
    await().atMost(WAIT).until(() -> http.answers200("/actuator/health/readiness"));
    tenantKey = http.createTenant("tr-", ADMIN_KEY).key();
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
  void oneTraceFromTheSubmissionThroughTheFetchToTheWebhookDelivery() throws Exception {
    String hook = "/fail-times/0/" + UUID.randomUUID();
    String jobId =
        submit(
            "{\"url\": \""
                + target.url("/ok?token=secret-query")
                + "\", \"callbackUrl\": \""
                + target.url(hook)
                + "\"}");
    await()
        .atMost(WAIT)
        .until(() -> target.requests().stream().anyMatch(r -> r.path().equals(hook)));

    SpanData consumer =
        awaitSpan(span(SpanKind.CONSUMER, s -> jobId.equals(s.getAttributes().get(JOB_ID))));
    SpanData server =
        awaitSpan(
            span(
                SpanKind.SERVER,
                s ->
                    s.getTraceId().equals(consumer.getTraceId())
                        && "/api/v1/jobs".equals(s.getAttributes().get(ROUTE))));
    assertThat(server.getName()).isEqualTo("POST /api/v1/jobs");

    // POST → relay PRODUCER → CONSUMER (the first attempt continues the trace)
    SpanData producer = parentOf(consumer);
    assertThat(producer.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(producer.getName()).isEqualTo("send " + Topics.name(PREFIX, Topics.JOBS));
    assertThat(producer.getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(consumer.getAttributes().get(ATTEMPT)).isEqualTo(1L);

    // the fetch and the result's persistence are children of the consumer span
    SpanData fetch = awaitSpan(childOf(consumer, SpanKind.CLIENT));
    assertThat(fetch.getName()).isEqualTo("GET");
    assertThat(fetch.getAttributes().get(STATUS)).isEqualTo(200L);
    assertThat(fetch.getAttributes().get(URL)).isEqualTo(target.url("/ok"));
    assertThat(fetch.getAttributes().asMap().toString()).doesNotContain("secret-query");
    SpanData persisted = awaitSpan(childOf(consumer, SpanKind.INTERNAL));
    assertThat(persisted.getName()).isEqualTo("record outcome");

    // the webhook: published with the job's stored context → CONSUMER → POST to the receiver
    SpanData delivery =
        awaitSpan(
            span(
                SpanKind.CONSUMER,
                s ->
                    s.getAttributes().get(EVENT_ID) != null
                        && s.getTraceId().equals(server.getTraceId())));
    SpanData callbackProducer = parentOf(delivery);
    assertThat(callbackProducer.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(callbackProducer.getName())
        .isEqualTo("send " + Topics.name(PREFIX, Topics.CALLBACKS));
    assertThat(callbackProducer.getParentSpanId()).isEqualTo(server.getSpanId());
    SpanData webhook = awaitSpan(childOf(delivery, SpanKind.CLIENT));
    assertThat(webhook.getName()).isEqualTo("POST");
    assertThat(webhook.getAttributes().get(STATUS)).isEqualTo(200L);
  }

  @Test
  void aRetriedAttemptStartsANewTraceLinkedToTheAttemptBeforeIt() throws Exception {
    String jobId =
        submit(
            "{\"url\": \""
                + target.url("/fail-times/1/" + UUID.randomUUID())
                + "\", \"retry\": {\"maxAttempts\": 3, \"initialDelayMs\": 1000}}");

    SpanData first = awaitSpan(attemptSpan(jobId, 1));
    SpanData second = awaitSpan(attemptSpan(jobId, 2));

    assertThat(second.getTraceId()).isNotEqualTo(first.getTraceId());
    assertThat(second.getParentSpanContext().isValid()).isFalse();
    assertThat(second.getLinks())
        .extracting(LinkData::getSpanContext)
        .anySatisfy(
            link -> {
              assertThat(link.getTraceId()).isEqualTo(first.getTraceId());
              assertThat(link.getSpanId()).isEqualTo(first.getSpanId());
            });
    assertThat(awaitSpan(childOf(first, SpanKind.CLIENT)).getAttributes().get(STATUS))
        .isEqualTo(503L);
    assertThat(awaitSpan(childOf(second, SpanKind.CLIENT)).getAttributes().get(STATUS))
        .isEqualTo(200L);
  }

  /** A job read is traced under its route template, not its path (HttpRouteInterceptor). */
  @Test
  void aRequestForOneJobIsTracedUnderItsRouteTemplate() throws Exception {
    String jobId = submit("{\"url\": \"" + target.url("/ok") + "\"}");

    HttpResponse<String> read = http.get("/api/v1/jobs/" + jobId, tenantKey);
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);

    SpanData server =
        awaitSpan(
            span(SpanKind.SERVER, s -> "/api/v1/jobs/{id}".equals(s.getAttributes().get(ROUTE))));
    assertThat(server.getName()).isEqualTo("GET /api/v1/jobs/{id}");
  }

  // ---------------------------------------------------------------------------------------------

  private static String submit(String body) throws IOException {
    HttpResponse<String> accepted = http.post("/api/v1/jobs", body, tenantKey);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    JsonNode json = JSON.readTree(accepted.body());
    return json.get("id").asText();
  }

  private static Predicate<SpanData> attemptSpan(String jobId, long attempt) {
    return s ->
        s.getKind() == SpanKind.CONSUMER
            && jobId.equals(s.getAttributes().get(JOB_ID))
            && Long.valueOf(attempt).equals(s.getAttributes().get(ATTEMPT));
  }

  private static Predicate<SpanData> span(SpanKind kind, Predicate<SpanData> and) {
    return s -> s.getKind() == kind && and.test(s);
  }

  private static Predicate<SpanData> childOf(SpanData parent, SpanKind kind) {
    return s ->
        s.getKind() == kind
            && s.getTraceId().equals(parent.getTraceId())
            && s.getParentSpanId().equals(parent.getSpanId());
  }

  private static SpanData parentOf(SpanData child) {
    return awaitSpan(
        s ->
            s.getTraceId().equals(child.getTraceId())
                && s.getSpanId().equals(child.getParentSpanId()));
  }

  private static SpanData awaitSpan(Predicate<SpanData> wanted) {
    return await().atMost(WAIT).until(() -> find(wanted), Optional::isPresent).orElseThrow();
  }

  private static Optional<SpanData> find(Predicate<SpanData> wanted) {
    List<SpanData> finished = SPANS.getFinishedSpanItems();
    return finished.stream().filter(wanted).findFirst();
  }
}
