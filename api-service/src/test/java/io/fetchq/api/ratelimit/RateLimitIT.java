package io.fetchq.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.TestApi;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Rate limits end to end on the running API with the local Redis: a tenant's burst, then 429 with
 * Retry-After and the RateLimit fields, nothing stored for a refused job, the fields on every jobs
 * answer (reads, 404, 422, 403), and answers that cost nothing.
 */
class RateLimitIT extends ApiIntegrationTest {

  private static final String FIELD = "\"default\";r=\\d+;t=\\d+";

  @Autowired private MeterRegistry meters;

  private TestApi api;

  @BeforeEach
  void client() {
    api = new TestApi(baseUrl(), ADMIN_KEY);
  }

  @Test
  void refusesBeyondTheBurstWith429RetryAfterAndCreatesNothing() throws Exception {
    String key = api.tenantKey(1, 3);
    double refusedBefore = refused("tenant");
    long started = System.nanoTime();
    List<HttpResponse<String>> accepted = new ArrayList<>();
    HttpResponse<String> refused = api.submit(key, "https://example.org/rl/0");
    // The bucket refills 1 token/s: on a slow machine the burst may last a request or two more.
    while (refused.statusCode() == 202 && accepted.size() < 20) {
      accepted.add(refused);
      refused = api.submit(key, "https://example.org/rl/" + accepted.size());
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    String tenantId = tenantOf(accepted.getFirst());

    assertThat(accepted).hasSizeBetween(3, 3 + (int) seconds);
    assertThat(accepted)
        .allSatisfy(
            r ->
                assertThat(r.headers().firstValue("RateLimit-Policy"))
                    .hasValue("\"default\";q=3;w=3"));
    assertThat(accepted.get(0).headers().firstValue("RateLimit")).hasValue("\"default\";r=2;t=1");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = api.body(refused);
    assertThat(problem.get("type").asText()).isEqualTo("https://fetchq.io/problems/rate-limited");
    assertThat(problem.get("status").asInt()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(refused.headers().firstValue("RateLimit")).hasValue("\"default\";r=0;t=1");
    assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("\"default\";q=3;w=3");
    assertThat(jobsOf(tenantId)).as("the refused job was not stored").isEqualTo(accepted.size());
    assertThat(refused("tenant")).isEqualTo(refusedBefore + 1);
  }

  @Test
  void aRateLimitedSubmissionDoesNotUseItsIdempotencyKeyUp() throws Exception {
    String key = api.tenantKey(1, 1);
    HttpResponse<String> refused = api.submit(key, "https://example.org/idem/0", "spent");
    for (int i = 1; refused.statusCode() == 202 && i < 20; i++) {
      refused = api.submit(key, "https://example.org/idem/" + i, "idem-" + i);
    }
    String tenantId = tenantIdOfKey(key);
    String refusedKey = refused.request().headers().firstValue("Idempotency-Key").orElseThrow();

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
    assertThat(
            jdbc()
                .sql(
                    "SELECT count(*) FROM idempotency_keys"
                        + " WHERE tenant_id = ?::uuid AND idempotency_key = ?")
                .param(tenantId)
                .param(refusedKey)
                .query(Long.class)
                .single())
        .as("the refused request's key was rolled back with it")
        .isZero();
    // Once a token is back, the same key with another request is accepted: it was never used.
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> api.submit(key, "https://example.org/idem/other", refusedKey).statusCode(),
            status -> status == 202);
  }

  @Test
  void everyJobsAnswerCarriesTheFieldsAndOnlySubmissionsCost() throws Exception {
    String key = api.tenantKey(1, 2);
    String tenant = tenantIdOfKey(key);
    String reader = api.key(tenant, "jobs:read");
    String unknownJob = "/api/v1/jobs/" + UUID.randomUUID();

    List<HttpResponse<String>> free = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      free.add(api.send("POST", "/api/v1/jobs", key, "{\"url\": \"ftp://example.org/\"}"));
      free.add(api.send("GET", unknownJob, key, null));
      free.add(api.send("DELETE", unknownJob, key, null));
      free.add(api.send("GET", "/api/v1/jobs/not-a-uuid/attempts", key, null));
      free.add(api.send("POST", "/api/v1/jobs", reader, "{\"url\": \"https://example.org/\"}"));
    }
    HttpResponse<String> first = api.submit(key, "https://example.org/free/1");
    HttpResponse<String> second = api.submit(key, "https://example.org/free/2");
    HttpResponse<String> shown =
        api.send("GET", "/api/v1/jobs/" + api.body(first).get("id").asText(), key, null);

    assertThat(free.stream().map(HttpResponse::statusCode))
        .containsExactly(422, 404, 404, 404, 403, 422, 404, 404, 404, 403, 422, 404, 404, 404, 403);
    assertThat(free)
        .allSatisfy(
            r -> {
              assertThat(r.headers().firstValue("RateLimit-Policy"))
                  .hasValue("\"default\";q=2;w=2");
              assertThat(r.headers().firstValue("RateLimit").orElseThrow()).matches(FIELD);
              assertThat(r.headers().firstValue("Retry-After")).isEmpty();
            });
    assertThat(first.statusCode()).as("422, 404 and 403 answers took no token").isEqualTo(202);
    assertThat(second.statusCode()).isEqualTo(202);
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(shown.headers().firstValue("RateLimit").orElseThrow()).matches(FIELD);
  }

  @Test
  void answersWithoutACallerCarryNoFields() throws Exception {
    HttpResponse<String> anonymous =
        api.send("GET", "/api/v1/jobs/" + UUID.randomUUID(), null, null);

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("RateLimit")).isEmpty();
  }

  @Test
  void reportsRedisModeInHealth() throws Exception {
    HttpResponse<String> health = api.send("GET", "/actuator/health", null, null);

    assertThat(api.body(health).at("/components/apiRateLimiter/status").asText()).isEqualTo("UP");
    assertThat(api.body(health).at("/components/apiRateLimiter/details/mode").asText())
        .isEqualTo("redis");
    assertThat(meters.get("fetchq.ratelimit.fallback").gauge().value()).isZero();
  }

  private double refused(String scope) {
    return meters.get("fetchq.ratelimit.refused").tag("scope", scope).counter().count();
  }

  private String tenantOf(HttpResponse<String> submitted) throws Exception {
    return jdbc()
        .sql("SELECT tenant_id::text FROM jobs WHERE id = ?")
        .param(UUID.fromString(api.body(submitted).get("id").asText()))
        .query(String.class)
        .single();
  }

  private String tenantIdOfKey(String key) {
    return jdbc()
        .sql("SELECT tenant_id::text FROM api_keys WHERE key_hash = sha256(?::bytea)")
        .param(key)
        .query(String.class)
        .single();
  }

  private long jobsOf(String tenantId) {
    return jdbc()
        .sql("SELECT count(*) FROM jobs WHERE tenant_id = ?::uuid")
        .param(tenantId)
        .query(Long.class)
        .single();
  }
}
