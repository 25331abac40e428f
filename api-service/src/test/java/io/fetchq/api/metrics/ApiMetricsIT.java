package io.fetchq.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.TestApi;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The API's metric wiring end to end: real requests through the filter chain, controllers and use
 * cases, read back from the application's registry.
 */
class ApiMetricsIT extends ApiIntegrationTest {

  /** How long a meter recorded after the response may take to appear. */
  private static final Duration SERVER_SIDE = Duration.ofSeconds(5);

  @Autowired private MeterRegistry meters;

  private TestApi api;

  @BeforeEach
  void client() {
    api = new TestApi(baseUrl(), ADMIN_KEY);
  }

  private double submissions(String kind, String outcome, String reason) {
    Counter counter =
        meters
            .find("fetchq.api.submissions")
            .tag("kind", kind)
            .tag("outcome", outcome)
            .tag("reason", reason)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private Timer timer(String method, String status) {
    return meters
        .find("http.server.requests")
        .tag("uri", "/api/v1/jobs")
        .tag("method", method)
        .tag("status", status)
        .timer();
  }

  private double submittedJobs(String kind, String outcome) {
    return meters
        .get("fetchq.api.submitted.jobs")
        .tag("kind", kind)
        .tag("outcome", outcome)
        .counter()
        .count();
  }

  @Test
  void countsSubmissionsByOutcomeAndReasonAndJobsByKind() throws Exception {
    double accepted = submissions("job", "accepted", "none");
    double replayed = submissions("job", "replayed", "none");
    double invalid = submissions("job", "rejected", "validation-error");
    double unauthorized = submissions("job", "rejected", "unauthorized");
    double reused = submissions("job", "rejected", "idempotency-key-reused");
    double batches = submissions("batch", "accepted", "none");
    double acceptedJobs = submittedJobs("job", "accepted");
    double batchJobs = submittedJobs("batch", "accepted");
    String key = "metrics-" + UUID.randomUUID();

    assertThat(api.submit(ADMIN_KEY, "https://example.org/m/1", key).statusCode()).isEqualTo(202);
    assertThat(api.submit(ADMIN_KEY, "https://example.org/m/1", key).statusCode()).isEqualTo(200);
    assertThat(api.submit(ADMIN_KEY, "https://example.org/m/2", key).statusCode()).isEqualTo(422);
    assertThat(api.send("POST", "/api/v1/jobs", ADMIN_KEY, "{}").statusCode()).isEqualTo(422);
    assertThat(api.send("POST", "/api/v1/jobs", null, "{}").statusCode()).isEqualTo(401);
    HttpResponse<String> batch =
        api.send(
            "POST",
            "/api/v1/batches",
            ADMIN_KEY,
            "{\"jobs\": [{\"url\": \"https://example.org/b/1\"},"
                + " {\"url\": \"https://example.org/b/2\"}, {\"url\": \"https://example.org/b/3\"}]}");
    assertThat(batch.statusCode()).as(batch.body()).isEqualTo(202);

    // The submissions are counted by a filter once the response is written, and a response with a
    // Content-Length is complete for the client before that filter has returned.
    await()
        .atMost(SERVER_SIDE)
        .untilAsserted(
            () -> {
              assertThat(submissions("job", "accepted", "none")).isEqualTo(accepted + 1);
              assertThat(submissions("job", "replayed", "none")).isEqualTo(replayed + 1);
              assertThat(submissions("job", "rejected", "idempotency-key-reused"))
                  .isEqualTo(reused + 1);
              assertThat(submissions("job", "rejected", "validation-error")).isEqualTo(invalid + 1);
              assertThat(submissions("job", "rejected", "unauthorized"))
                  .isEqualTo(unauthorized + 1);
              assertThat(submissions("batch", "accepted", "none")).isEqualTo(batches + 1);
            });
    assertThat(submittedJobs("job", "accepted")).isEqualTo(acceptedJobs + 1);
    assertThat(submittedJobs("batch", "accepted")).isEqualTo(batchJobs + 3);
  }

  @Test
  void countsACancellationAsATerminalStatus() throws Exception {
    Counter cancelled = meters.get("fetchq.jobs.terminal").tag("status", "cancelled").counter();
    double before = cancelled.count();
    String id = api.body(api.submit(ADMIN_KEY, "https://example.org/c/1")).get("id").asText();

    assertThat(api.send("DELETE", "/api/v1/jobs/" + id, ADMIN_KEY, null).statusCode())
        .isEqualTo(200);
    assertThat(api.send("DELETE", "/api/v1/jobs/" + id, ADMIN_KEY, null).statusCode())
        .isEqualTo(409);

    assertThat(cancelled.count()).isEqualTo(before + 1);
  }

  @Test
  void theRequestTimersHaveTheSloBuckets() throws Exception {
    assertThat(api.submit(ADMIN_KEY, "https://example.org/h/1").statusCode()).isEqualTo(202);
    assertThat(api.send("GET", "/api/v1/jobs", ADMIN_KEY, null).statusCode()).isEqualTo(200);

    // recorded when the request's observation stops, which may be after the client has its answer
    Timer submit = await().atMost(SERVER_SIDE).until(() -> timer("POST", "202"), t -> t != null);
    assertThat(submit.takeSnapshot().histogramCounts()).hasSize(9);
    Timer list = await().atMost(SERVER_SIDE).until(() -> timer("GET", "200"), t -> t != null);
    assertThat(list.takeSnapshot().histogramCounts()).hasSize(9);
    assertThat(meters.get("fetchq.outbox.oldest.age").gauge().value()).isNotNegative();
    assertThat(meters.get("fetchq.deadletters.replayed").counters()).hasSize(4);
  }
}
