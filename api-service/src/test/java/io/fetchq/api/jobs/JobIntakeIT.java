package io.fetchq.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.TestApi;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Single jobs submitted without an idempotency key are stored with group commit: jobs accepted
 * while a commit is held up share the next transaction, and each keeps the trace of the request
 * that accepted it, in its row and in its Kafka record.
 */
class JobIntakeIT extends ApiIntegrationTest {

  private static final int JOBS = 40;

  @Autowired private MeterRegistry meters;

  private TestApi api;

  @BeforeEach
  void setUp() {
    api = new TestApi(baseUrl(), ADMIN_KEY);
  }

  @Test
  void jobsAcceptedDuringAHeldCommitShareTransactionsAndKeepTheirOwnTraces() throws Exception {
    String key = api.tenantKey(10_000, 10_000);
    DistributionSummary groups = meters.get("fetchq.api.job.intake.group").summary();
    long groupsBefore = groups.count();
    double jobsBefore = groups.totalAmount();
    List<String> traceIds = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      traceIds.add(HexFormat.of().formatHex(randomBytes(16)));
    }
    List<HttpResponse<String>> responses = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = jobsConsumerAtEnd();
        Connection holder = dataSource.getConnection()) {
      // hold every group transaction at its outbox insert, so the submissions pile up
      holder.setAutoCommit(false);
      try (Statement lock = holder.createStatement()) {
        lock.execute("LOCK TABLE outbox IN SHARE ROW EXCLUSIVE MODE");
      }
      try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<HttpResponse<String>>> calls = new ArrayList<>();
        try {
          for (String traceId : traceIds) {
            calls.add(clients.submit(() -> submitWithTrace(key, traceId)));
          }
          // none can commit while the lock is held: every submission waits in the intake
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> meters.get("fetchq.api.job.intake.waiting").gauge().value() == JOBS);
        } finally {
          holder.rollback(); // never leaves the submissions blocked, even if the wait failed
        }
        for (Future<HttpResponse<String>> call : calls) {
          responses.add(call.get());
        }
      }

      Map<String, String> traceOfJob = new HashMap<>();
      for (int i = 0; i < JOBS; i++) {
        assertThat(responses.get(i).statusCode()).as(responses.get(i).body()).isEqualTo(202);
        traceOfJob.put(api.body(responses.get(i)).get("id").asText(), traceIds.get(i));
      }
      assertThat(groups.totalAmount() - jobsBefore).isEqualTo(JOBS);
      assertThat(groups.count() - groupsBefore).isLessThan(JOBS / 2);
      for (Map.Entry<String, String> job : traceOfJob.entrySet()) {
        String traceParent =
            jdbc()
                .sql("SELECT trace_parent FROM jobs WHERE id = ?")
                .param(UUID.fromString(job.getKey()))
                .query(String.class)
                .single();
        assertThat(traceParent).as("job %s", job.getKey()).contains(job.getValue());
      }
      List<ConsumerRecord<String, byte[]>> records =
          pollUntil(
              consumer,
              received ->
                  received.stream()
                      .map(ConsumerRecord::key)
                      .toList()
                      .containsAll(traceOfJob.keySet()),
              Duration.ofSeconds(30));
      for (ConsumerRecord<String, byte[]> record : records) {
        String traceId = traceOfJob.get(record.key());
        if (traceId != null) {
          Header traceParent = record.headers().lastHeader("traceparent");
          assertThat(new String(traceParent.value(), StandardCharsets.UTF_8))
              .as("record of job %s", record.key())
              .contains(traceId);
        }
      }
    }
  }

  private HttpResponse<String> submitWithTrace(String key, String traceId) throws Exception {
    String parentSpan = HexFormat.of().formatHex(randomBytes(8));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/jobs"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"https://example.com/t\"}"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .header("traceparent", "00-" + traceId + "-" + parentSpan + "-01")
            .build();
    return api.http().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    bytes[0] |= 1; // never all zero (an invalid W3C id)
    return bytes;
  }
}
