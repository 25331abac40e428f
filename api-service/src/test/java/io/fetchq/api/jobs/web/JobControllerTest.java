package io.fetchq.api.jobs.web;

import static io.fetchq.api.jobs.web.JobWebTestConfiguration.ADMIN_KEY;
import static io.fetchq.api.jobs.web.JobWebTestConfiguration.OTHER_TENANT_KEY;
import static io.fetchq.api.jobs.web.JobWebTestConfiguration.READ_ONLY_KEY;
import static io.fetchq.api.jobs.web.JobWebTestConfiguration.WRITE_ONLY_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.api.config.ApiConfiguration;
import io.fetchq.api.config.ApiSecurityConfiguration;
import io.fetchq.api.config.ApiWebConfiguration;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobError;
import io.fetchq.api.jobs.domain.JobResult;
import io.fetchq.api.jobs.usecase.FakeTransactions;
import io.fetchq.api.jobs.usecase.InMemoryJobRepository;
import io.fetchq.api.jobs.usecase.RecordingJobDispatches;
import io.fetchq.api.ratelimit.usecase.FakeRateLimiter;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.kernel.jobs.JobStatus;
import jakarta.servlet.ServletContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;

@WebMvcTest(
    controllers = JobController.class,
    properties = {
      "fetchq.api.bootstrap-admin-key=" + ADMIN_KEY,
      "fetchq.api.additional-sensitive-headers=X-Secret-Token",
      "fetchq.destinations.allowed-cidrs="
    })
@Import({
  JobWebTestConfiguration.class,
  ApiConfiguration.class,
  ApiWebConfiguration.class,
  ApiSecurityConfiguration.class
})
class JobControllerTest {

  private static final String JOBS = "/api/v1/jobs";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MIB = 1024 * 1024;

  @Autowired MockMvc mvc;
  @Autowired InMemoryJobRepository jobs;
  @Autowired RecordingJobDispatches dispatches;
  @Autowired FakeTransactions transactions;
  @Autowired FakeRateLimiter rateLimiter;

  @BeforeEach
  void emptyFakes() {
    jobs.clear();
    dispatches.clear();
    transactions.reset();
  }

  // --- happy path -------------------------------------------------------------------------------

  @Test
  void answers429AndStoresNothingWhenTheRateLimitRefuses() throws Exception {
    rateLimiter.refuse();
    try {
      submit("{\"url\": \"https://example.org/limited\"}")
          .andExpect(status().isTooManyRequests())
          .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
          .andExpect(jsonPath("$.type").value("https://fetchq.io/problems/rate-limited"))
          .andExpect(jsonPath("$.status").value(429));
    } finally {
      rateLimiter.grant();
    }
    assertThat(jobs.all()).noneMatch(job -> job.request().url().contains("limited"));
  }

  @Test
  void acceptsMinimalJobWithDefaults() throws Exception {
    MvcResult result =
        submit("{\"url\": \"https://example.org/data.json\"}")
            .andExpect(status().isAccepted())
            .andExpect(content().contentType(MediaType.APPLICATION_JSON))
            .andExpect(header().string(HttpHeaders.LOCATION, startsWith(JOBS + "/")))
            .andExpect(jsonPath("$.status").value("queued"))
            .andExpect(jsonPath("$.batchId").isEmpty())
            .andExpect(jsonPath("$.request.url").value("https://example.org/data.json"))
            .andExpect(jsonPath("$.request.method").value("GET"))
            .andExpect(jsonPath("$.request.timeoutMs").value(10000))
            .andExpect(jsonPath("$.request.followRedirects").value(true))
            .andExpect(jsonPath("$.request.retry.maxAttempts").value(5))
            .andExpect(jsonPath("$.request.retry.initialDelayMs").value(1000))
            .andExpect(jsonPath("$.request.retry.multiplier").value(2.0))
            .andExpect(jsonPath("$.request.retry.maxDelayMs").value(300000))
            .andExpect(jsonPath("$.attempts").value(0))
            .andExpect(jsonPath("$.maxAttempts").value(5))
            .andExpect(jsonPath("$.createdAt").value("2026-11-22T10:00:00.123Z"))
            .andExpect(jsonPath("$.updatedAt").value("2026-11-22T10:00:00.123Z"))
            .andReturn();

    JsonNode body = JSON.readTree(result.getResponse().getContentAsString());
    for (String shownAsNull :
        List.of("batchId", "nextAttemptAt", "completedAt", "result", "lastError", "callback")) {
      assertThat(body.has(shownAsNull)).as(shownAsNull).isTrue();
      assertThat(body.get(shownAsNull).isNull()).as(shownAsNull).isTrue();
    }
    assertThat(body.get("request").get("body").isNull()).isTrue();
    assertThat(body.get("request").get("bodyBase64").isNull()).isTrue();
    assertThat(body.get("metadata").isEmpty()).isTrue();

    String id = body.get("id").asText();
    assertThat(result.getResponse().getHeader(HttpHeaders.LOCATION)).isEqualTo(JOBS + "/" + id);
    assertThat(UUID.fromString(id).version()).isEqualTo(7);
    assertThat(jobs.all())
        .singleElement()
        .satisfies(
            job -> {
              assertThat(job.id().value()).isEqualTo(UUID.fromString(id));
              assertThat(job.tenantId()).isEqualTo(TenantId.SYSTEM);
            });
    assertThat(dispatches.messages())
        .singleElement()
        .satisfies(
            message -> {
              assertThat(message.jobId()).isEqualTo(UUID.fromString(id));
              assertThat(message.tenantId()).isEqualTo(TenantId.SYSTEM.value());
              assertThat(message.attempt()).isEqualTo(1);
            });
    assertThat(transactions.committed()).isEqualTo(1);
  }

  @Test
  void acceptsFullJobAndShowsItAsGetDoes() throws Exception {
    String request =
        """
        {
          "url": "https://example.org/data.json",
          "method": "POST",
          "headers": {"Accept": "application/json", "authorization": "Bearer secret",
                      "X-Api-Key": "k", "x-secret-token": "t", "Cookie": "c=1"},
          "body": "{\\"q\\": \\"é\\"}",
          "timeoutMs": 5000,
          "followRedirects": false,
          "retry": {"maxAttempts": 3, "initialDelayMs": 200, "multiplier": 1.5, "maxDelayMs": 800},
          "callbackUrl": "https://client.example/hooks/fetchq",
          "metadata": {"orderId": "42"}
        }
        """;
    MvcResult submitted =
        submit(request)
            .andExpect(status().isAccepted())
            .andExpect(jsonPath("$.request.method").value("POST"))
            .andExpect(jsonPath("$.request.headers.Accept").value("application/json"))
            .andExpect(jsonPath("$.request.headers.authorization").value("***"))
            .andExpect(jsonPath("$.request.headers.X-Api-Key").value("***"))
            .andExpect(jsonPath("$.request.headers.x-secret-token").value("***"))
            .andExpect(jsonPath("$.request.headers.Cookie").value("***"))
            .andExpect(jsonPath("$.request.body").value("{\"q\": \"é\"}"))
            .andExpect(jsonPath("$.request.bodyBase64").isEmpty())
            .andExpect(jsonPath("$.request.timeoutMs").value(5000))
            .andExpect(jsonPath("$.request.followRedirects").value(false))
            .andExpect(jsonPath("$.request.retry.maxAttempts").value(3))
            .andExpect(jsonPath("$.request.retry.multiplier").value(1.5))
            .andExpect(jsonPath("$.maxAttempts").value(3))
            .andExpect(jsonPath("$.callback.url").value("https://client.example/hooks/fetchq"))
            .andExpect(jsonPath("$.callback.status").value("pending"))
            .andExpect(jsonPath("$.callback.attempts").value(0))
            .andExpect(jsonPath("$.metadata.orderId").value("42"))
            .andReturn();
    String id = JSON.readTree(submitted.getResponse().getContentAsString()).get("id").asText();

    assertThat(jobs.all().getFirst().request().headers())
        .containsEntry("authorization", "Bearer secret");
    String shown =
        mvc.perform(get(JOBS + "/" + id).header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY)))
            .andExpect(status().isOk())
            .andExpect(content().contentType(MediaType.APPLICATION_JSON))
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(JSON.readTree(shown))
        .isEqualTo(JSON.readTree(submitted.getResponse().getContentAsString()));
    assertThat(shown).doesNotContain("Bearer secret");
  }

  @Test
  void showsBinaryBodyAsSubmitted() throws Exception {
    String base64 = Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, (byte) 0xFF});
    submit(
            "{\"url\": \"https://example.org/\", \"method\": \"PUT\", \"bodyBase64\": \""
                + base64
                + "\"}")
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.request.body").isEmpty())
        .andExpect(jsonPath("$.request.bodyBase64").value(base64));
    assertThat(jobs.all().getFirst().request().body().bytes())
        .containsExactly(0, 1, 2, (byte) 0xFF);
  }

  @Test
  void acceptsBodiesAtTheLimit() throws Exception {
    String text = "a".repeat(256 * 1024);
    submit(JSON.writeValueAsString(Map.of("url", "https://example.org/", "body", text)))
        .andExpect(status().isAccepted());
    String base64 = Base64.getEncoder().encodeToString(new byte[256 * 1024]);
    submit(JSON.writeValueAsString(Map.of("url", "https://example.org/", "bodyBase64", base64)))
        .andExpect(status().isAccepted());
    assertThat(jobs.all()).hasSize(2);
  }

  @Test
  void showsCompletedJobWithTextualResult() throws Exception {
    Job job = storedJob(TenantId.SYSTEM);
    jobs.put(
        completed(
            job,
            new JobResult(
                200,
                Map.of("content-type", "application/json; charset=utf-8"),
                "{\"ok\":true}".getBytes(StandardCharsets.UTF_8),
                false,
                11L,
                87,
                Instant.parse("2026-11-22T10:00:01Z"))));
    mvc.perform(get(JOBS + "/" + job.id()).header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("completed"))
        .andExpect(jsonPath("$.attempts").value(1))
        .andExpect(jsonPath("$.completedAt").value("2026-11-22T10:00:01.000Z"))
        .andExpect(jsonPath("$.result.statusCode").value(200))
        .andExpect(
            jsonPath("$.result.headers.content-type").value("application/json; charset=utf-8"))
        .andExpect(jsonPath("$.result.body").value("{\"ok\":true}"))
        .andExpect(jsonPath("$.result.bodyBase64").isEmpty())
        .andExpect(jsonPath("$.result.bodyTruncated").value(false))
        .andExpect(jsonPath("$.result.bodySize").value(11))
        .andExpect(jsonPath("$.result.durationMs").value(87))
        .andExpect(jsonPath("$.result.fetchedAt").value("2026-11-22T10:00:01.000Z"))
        .andExpect(jsonPath("$.lastError").isEmpty());
  }

  @Test
  void showsFailedJobWithLastError() throws Exception {
    Job job = storedJob(TenantId.SYSTEM);
    Instant at = Instant.parse("2026-11-22T10:00:02.5Z");
    jobs.put(
        new Job(
            job.id(),
            job.tenantId(),
            null,
            JobStatus.FAILED,
            job.request(),
            5,
            0,
            null,
            job.createdAt(),
            at,
            at,
            null,
            new JobError("timeout", "no response within 10000 ms")));
    mvc.perform(get(JOBS + "/" + job.id()).header(HttpHeaders.AUTHORIZATION, bearer(READ_ONLY_KEY)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("failed"))
        .andExpect(jsonPath("$.result").isEmpty())
        .andExpect(jsonPath("$.lastError.type").value("timeout"))
        .andExpect(jsonPath("$.lastError.message").value("no response within 10000 ms"))
        .andExpect(jsonPath("$.updatedAt").value("2026-11-22T10:00:02.500Z"));
  }

  // --- not found --------------------------------------------------------------------------------

  @Test
  void answersNotFoundForAnotherTenantsJob() throws Exception {
    Job job = storedJob(TenantId.SYSTEM);
    expectProblem(
        mvc.perform(
            get(JOBS + "/" + job.id()).header(HttpHeaders.AUTHORIZATION, bearer(OTHER_TENANT_KEY))),
        404,
        "not-found");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/0190f5c2-0000-7000-8000-00000000abcd", "/not-a-uuid"})
  void answersNotFoundForUnknownId(String path) throws Exception {
    expectProblem(
        mvc.perform(get(JOBS + path).header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY))),
        404,
        "not-found");
  }

  @Test
  void answersNotFoundForUnknownRoute() throws Exception {
    expectProblem(
        mvc.perform(
            get("/api/v1/nothing-here").header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY))),
        404,
        "not-found");
  }

  @Test
  void answersMethodNotAllowedWithAllow() throws Exception {
    expectProblem(
            mvc.perform(
                put(JOBS)
                    .header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY))
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{}")),
            405,
            "method-not-allowed")
        .andExpect(header().string(HttpHeaders.ALLOW, "POST"));
  }

  // --- authentication ---------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/actuator/health",
        "/actuator/health/readiness",
        "/actuator/info",
        "/actuator/prometheus",
        "/v3/api-docs",
        "/swagger-ui.html"
      })
  void leavesOperationalEndpointsOpen(String path) throws Exception {
    // The slice has no actuator or springdoc: reaching the 404 proves no key was demanded.
    expectProblem(mvc.perform(get(path)), 404, "not-found");
    expectProblem(
        mvc.perform(get(path).header(HttpHeaders.AUTHORIZATION, "Bearer wrong")), 404, "not-found");
  }

  @Test
  void demandsAKeyForUnknownRoutes() throws Exception {
    expectProblem(mvc.perform(get("/api/v1/nothing-here")), 401, "unauthorized");
  }

  @Test
  void reservesAdminRoutesForAdmins() throws Exception {
    expectProblem(
        mvc.perform(
            get("/api/v1/admin/dead-letters")
                .header(HttpHeaders.AUTHORIZATION, bearer(OTHER_TENANT_KEY))),
        403,
        "forbidden");
  }

  static Stream<Arguments> refusedCredentials() {
    return Stream.of(
        Arguments.of("no header", null),
        Arguments.of("wrong key", "Bearer not-the-key"),
        Arguments.of("key of another scheme", "Basic dXNlcjpwYXNz"),
        Arguments.of("scheme without key", "Bearer"),
        Arguments.of("scheme and blank", "Bearer   "),
        Arguments.of("two tokens", "Bearer " + ADMIN_KEY + " extra"),
        Arguments.of("key with a prefix", "Bearer x" + ADMIN_KEY));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedCredentials")
  void refusesSubmissionWithoutValidKey(String description, String authorization) throws Exception {
    var request = post(JOBS).contentType(MediaType.APPLICATION_JSON).content(validJob());
    if (authorization != null) {
      request.header(HttpHeaders.AUTHORIZATION, authorization);
    }
    expectProblem(mvc.perform(request), 401, "unauthorized")
        .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer")));
    assertNothingStored();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedCredentials")
  void refusesReadingWithoutValidKey(String description, String authorization) throws Exception {
    Job job = storedJob(TenantId.SYSTEM);
    var request = get(JOBS + "/" + job.id());
    if (authorization != null) {
      request.header(HttpHeaders.AUTHORIZATION, authorization);
    }
    expectProblem(mvc.perform(request), 401, "unauthorized")
        .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer")));
  }

  @Test
  void acceptsSchemeInAnyCase() throws Exception {
    submit(validJob(), "bearer " + ADMIN_KEY).andExpect(status().isAccepted());
  }

  @Test
  void refusesSubmissionWithReadOnlyKey() throws Exception {
    expectProblem(submit(validJob(), bearer(READ_ONLY_KEY)), 403, "forbidden");
    assertNothingStored();
  }

  @Test
  void refusesReadingWithWriteOnlyKey() throws Exception {
    Job job = storedJob(TenantId.SYSTEM);
    expectProblem(
        mvc.perform(
            get(JOBS + "/" + job.id()).header(HttpHeaders.AUTHORIZATION, bearer(WRITE_ONLY_KEY))),
        403,
        "forbidden");
  }

  @Test
  void storesJobsUnderTheCallersTenant() throws Exception {
    submit(validJob(), bearer(OTHER_TENANT_KEY)).andExpect(status().isAccepted());
    assertThat(jobs.all().getFirst().tenantId()).isEqualTo(JobWebTestConfiguration.OTHER_TENANT);
    assertThat(dispatches.messages().getFirst().tenantId())
        .isEqualTo(JobWebTestConfiguration.OTHER_TENANT.value());
  }

  // --- invalid payloads -------------------------------------------------------------------------

  static Stream<Arguments> invalidJobs() {
    return Stream.of(
        // url
        invalid("url missing", job(j -> j.remove("url")), "/url"),
        invalid("url null", job(j -> j.put("url", null)), "/url"),
        invalid("url relative", job(j -> j.put("url", "/relative/path")), "/url"),
        invalid("url ftp", job(j -> j.put("url", "ftp://example.org/file")), "/url"),
        invalid(
            "url with user-info", job(j -> j.put("url", "https://user:pw@example.org/")), "/url"),
        invalid(
            "url over 2048 characters",
            job(j -> j.put("url", "https://example.org/" + "a".repeat(2029))),
            "/url"),
        invalid(
            "url with CRLF", job(j -> j.put("url", "https://example.org/a\r\nHost: x")), "/url"),
        invalid("url with space", job(j -> j.put("url", "https://example.org/a b")), "/url"),
        invalid("url blank", job(j -> j.put("url", " ")), "/url"),
        invalid("url not a string", job(j -> j.put("url", 5)), "/url"),
        invalid(
            "url percent-encoded host", job(j -> j.put("url", "http://%31%32%37.0.0.1/")), "/url"),
        // destinations
        invalid("url 10.0.0.1", job(j -> j.put("url", "http://10.0.0.1/")), "/url"),
        invalid("url 127.0.0.1", job(j -> j.put("url", "http://127.0.0.1:8080/x")), "/url"),
        invalid("url metadata", job(j -> j.put("url", "http://169.254.169.254/latest/")), "/url"),
        invalid("url [::1]", job(j -> j.put("url", "http://[::1]/")), "/url"),
        invalid("url 2130706433", job(j -> j.put("url", "http://2130706433/")), "/url"),
        invalid("url 0x7f.1", job(j -> j.put("url", "http://0x7f.1/")), "/url"),
        invalid("url 127.1", job(j -> j.put("url", "http://127.1/")), "/url"),
        invalid("url 0177.0.0.1", job(j -> j.put("url", "http://0177.0.0.1/")), "/url"),
        invalid("url v4-mapped", job(j -> j.put("url", "http://[::ffff:127.0.0.1]/")), "/url"),
        invalid("url 192.168.1.1", job(j -> j.put("url", "https://192.168.1.1/")), "/url"),
        invalid("url 100.64.0.1", job(j -> j.put("url", "https://100.64.0.1/")), "/url"),
        invalid("url [fd00::1]", job(j -> j.put("url", "https://[fd00::1]/")), "/url"),
        invalid("url 0.0.0.0", job(j -> j.put("url", "http://0.0.0.0/")), "/url"),
        // callbackUrl
        invalid("callback relative", job(j -> j.put("callbackUrl", "/hook")), "/callbackUrl"),
        invalid(
            "callback ftp", job(j -> j.put("callbackUrl", "ftp://example.org/")), "/callbackUrl"),
        invalid(
            "callback with user-info",
            job(j -> j.put("callbackUrl", "https://u@example.org/")),
            "/callbackUrl"),
        invalid(
            "callback 127.0.0.1",
            job(j -> j.put("callbackUrl", "http://127.0.0.1/h")),
            "/callbackUrl"),
        invalid(
            "callback 169.254.169.254",
            job(j -> j.put("callbackUrl", "http://169.254.169.254/")),
            "/callbackUrl"),
        invalid(
            "callback [::1]", job(j -> j.put("callbackUrl", "http://[::1]:9/")), "/callbackUrl"),
        invalid(
            "callback 2130706433",
            job(j -> j.put("callbackUrl", "http://2130706433/")),
            "/callbackUrl"),
        // method
        invalid("method TRACE", job(j -> j.put("method", "TRACE")), "/method"),
        invalid("method CONNECT", job(j -> j.put("method", "CONNECT")), "/method"),
        invalid("method number", job(j -> j.put("method", 1)), "/method"),
        // headers
        invalid("51 headers", job(j -> j.put("headers", headers(51))), "/headers"),
        invalid(
            "header name with space",
            job(j -> j.put("headers", Map.of("X Foo", "a"))),
            "/headers/X Foo"),
        invalid(
            "header name with colon",
            job(j -> j.put("headers", Map.of("X:Foo", "a"))),
            "/headers/X:Foo"),
        invalid(
            "header name with CR",
            job(j -> j.put("headers", Map.of("X\rFoo", "a"))),
            "/headers/X\rFoo"),
        invalid(
            "header name with slash",
            job(j -> j.put("headers", Map.of("a/b~c", "a"))),
            "/headers/a~1b~0c"),
        invalid("header name empty", job(j -> j.put("headers", Map.of("", "a"))), "/headers/"),
        invalid(
            "header value with CRLF",
            job(j -> j.put("headers", Map.of("X-Foo", "a\r\nEvil: 1"))),
            "/headers/X-Foo"),
        invalid(
            "header value with NUL",
            job(j -> j.put("headers", Map.of("X-Foo", "a\u0000"))),
            "/headers/X-Foo"),
        invalid(
            "header Host",
            job(j -> j.put("headers", Map.of("Host", "evil.example"))),
            "/headers/Host"),
        invalid(
            "header Content-Length",
            job(j -> j.put("headers", Map.of("Content-Length", "5"))),
            "/headers/Content-Length"),
        invalid(
            "header Connection",
            job(j -> j.put("headers", Map.of("connection", "close"))),
            "/headers/connection"),
        invalid(
            "header Transfer-Encoding",
            job(j -> j.put("headers", Map.of("Transfer-Encoding", "chunked"))),
            "/headers/Transfer-Encoding"),
        invalid(
            "header Upgrade",
            job(j -> j.put("headers", Map.of("Upgrade", "websocket"))),
            "/headers/Upgrade"),
        invalid(
            "headers duplicate ignoring case",
            job(j -> j.put("headers", orderedMap("Accept", "a", "accept", "b"))),
            "/headers"),
        invalid("header value number", job(j -> j.put("headers", Map.of("a", 1))), "/headers/a"),
        invalid(
            "header value boolean", job(j -> j.put("headers", Map.of("a", true))), "/headers/a"),
        invalid(
            "header value null", job(j -> j.put("headers", orderedMap("a", null))), "/headers/a"),
        invalid(
            "header value object", job(j -> j.put("headers", Map.of("a", Map.of()))), "/headers/a"),
        invalid("headers not an object", job(j -> j.put("headers", List.of("a"))), "/headers"),
        // body
        invalid("body over 256 KiB", job(j -> j.put("body", "a".repeat(256 * 1024 + 1))), "/body"),
        invalid(
            "body over 256 KiB as UTF-8",
            job(j -> j.put("body", "é".repeat(128 * 1024 + 1))),
            "/body"),
        invalid("body not a string", job(j -> j.put("body", Map.of("a", "b"))), "/body"),
        invalid(
            "body and bodyBase64",
            job(
                j -> {
                  j.put("body", "a");
                  j.put("bodyBase64", "YQ==");
                }),
            "/bodyBase64"),
        invalid("bodyBase64 invalid", job(j -> j.put("bodyBase64", "not base64!")), "/bodyBase64"),
        invalid(
            "bodyBase64 over 256 KiB",
            job(
                j ->
                    j.put(
                        "bodyBase64",
                        Base64.getEncoder().encodeToString(new byte[256 * 1024 + 1]))),
            "/bodyBase64"),
        // timeoutMs
        invalid("timeoutMs 99", job(j -> j.put("timeoutMs", 99)), "/timeoutMs"),
        invalid("timeoutMs 60001", job(j -> j.put("timeoutMs", 60001)), "/timeoutMs"),
        invalid("timeoutMs fast", job(j -> j.put("timeoutMs", "fast")), "/timeoutMs"),
        invalid("timeoutMs as string", job(j -> j.put("timeoutMs", "1000")), "/timeoutMs"),
        invalid("timeoutMs fraction", job(j -> j.put("timeoutMs", 1000.5)), "/timeoutMs"),
        invalid("timeoutMs huge", job(j -> j.put("timeoutMs", 99999999999L)), "/timeoutMs"),
        // followRedirects
        invalid(
            "followRedirects string",
            job(j -> j.put("followRedirects", "yes")),
            "/followRedirects"),
        invalid(
            "followRedirects number", job(j -> j.put("followRedirects", 1)), "/followRedirects"),
        // retry
        invalid(
            "retry.maxAttempts 0",
            job(j -> j.put("retry", Map.of("maxAttempts", 0))),
            "/retry/maxAttempts"),
        invalid(
            "retry.maxAttempts 21",
            job(j -> j.put("retry", Map.of("maxAttempts", 21))),
            "/retry/maxAttempts"),
        invalid(
            "retry.maxAttempts text",
            job(j -> j.put("retry", Map.of("maxAttempts", "x"))),
            "/retry/maxAttempts"),
        invalid(
            "retry.initialDelayMs 99",
            job(j -> j.put("retry", Map.of("initialDelayMs", 99))),
            "/retry/initialDelayMs"),
        invalid(
            "retry.multiplier 0.5",
            job(j -> j.put("retry", Map.of("multiplier", 0.5))),
            "/retry/multiplier"),
        invalid(
            "retry.multiplier 11",
            job(j -> j.put("retry", Map.of("multiplier", 11))),
            "/retry/multiplier"),
        invalid(
            "retry.maxDelayMs over 24 h",
            job(j -> j.put("retry", Map.of("maxDelayMs", 86_400_001))),
            "/retry/maxDelayMs"),
        invalid(
            "retry.maxDelayMs below initialDelayMs",
            job(j -> j.put("retry", Map.of("initialDelayMs", 5000, "maxDelayMs", 1000))),
            "/retry/maxDelayMs"),
        invalid(
            "retry.initialDelayMs above default maxDelayMs",
            job(j -> j.put("retry", Map.of("initialDelayMs", 400_000))),
            "/retry/maxDelayMs"),
        invalid("retry not an object", job(j -> j.put("retry", 5)), "/retry"),
        // metadata
        invalid(
            "metadata over 4 KiB",
            job(j -> j.put("metadata", Map.of("k", "v".repeat(4096)))),
            "/metadata"),
        invalid(
            "metadata nested object",
            job(j -> j.put("metadata", Map.of("a", Map.of("b", "c")))),
            "/metadata/a"),
        invalid("metadata number", job(j -> j.put("metadata", Map.of("a", 1))), "/metadata/a"),
        invalid(
            "metadata null value", job(j -> j.put("metadata", orderedMap("a", null))), "/metadata"),
        // the whole body
        invalid("body is an array", "[]", ""),
        invalid("body is a string", "\"https://example.org/\"", ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidJobs")
  void refusesInvalidJob(String description, String json, String pointer) throws Exception {
    expectProblem(submit(json), 422, "validation-error")
        .andExpect(jsonPath("$.errors.length()").value(1))
        .andExpect(jsonPath("$.errors[0].pointer").value(pointer))
        .andExpect(jsonPath("$.errors[0].detail").isNotEmpty());
    assertNothingStored();
  }

  @Test
  void reportsEveryInvalidField() throws Exception {
    String json =
        job(
            j -> {
              j.put("url", "ftp://example.org/");
              j.put("timeoutMs", 5);
              j.put("retry", Map.of("maxAttempts", 0));
              j.put("headers", Map.of("Host", "x"));
            });
    expectProblem(submit(json), 422, "validation-error")
        .andExpect(jsonPath("$.errors.length()").value(4))
        .andExpect(jsonPath("$.errors[0].pointer").value("/headers/Host"))
        .andExpect(jsonPath("$.errors[1].pointer").value("/retry/maxAttempts"))
        .andExpect(jsonPath("$.errors[2].pointer").value("/timeoutMs"))
        .andExpect(jsonPath("$.errors[3].pointer").value("/url"));
  }

  @Test
  void acceptsFiftyHeaders() throws Exception {
    submit(job(j -> j.put("headers", headers(50)))).andExpect(status().isAccepted());
  }

  static Stream<Arguments> malformedJobs() {
    return Stream.of(
        Arguments.of("truncated", "{\"url\": ", "malformed-request", null),
        Arguments.of("not JSON", "url=https://example.org/", "malformed-request", null),
        Arguments.of("empty", "", "malformed-request", null),
        Arguments.of("whitespace only", "   ", "malformed-request", null),
        Arguments.of(
            "trailing content",
            "{\"url\": \"https://example.org/\"} {}",
            "malformed-request",
            null),
        Arguments.of(
            "duplicate field",
            "{\"url\": \"https://example.org/\", \"url\": \"http://10.0.0.1/\"}",
            "malformed-request",
            null),
        Arguments.of(
            "unknown field",
            "{\"url\": \"https://example.org/\", \"tmeoutMs\": 5}",
            "unknown-field",
            "/tmeoutMs"),
        Arguments.of(
            "unknown nested field",
            "{\"url\": \"https://example.org/\", \"retry\": {\"maxAtempts\": 3}}",
            "unknown-field",
            "/retry/maxAtempts"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedJobs")
  void refusesMalformedJob(String description, String json, String type, String pointer)
      throws Exception {
    ResultActions result = expectProblem(submit(json), 400, type);
    if (pointer != null) {
      result.andExpect(jsonPath("$.errors[0].pointer").value(pointer));
    }
    assertNothingStored();
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/xml"})
  void refusesOtherContentTypes(String contentType) throws Exception {
    expectProblem(
        mvc.perform(
            post(JOBS)
                .header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY))
                .contentType(contentType)
                .content(validJob())),
        415,
        "unsupported-media-type");
    assertNothingStored();
  }

  @Test
  void refusesMissingContentType() throws Exception {
    expectProblem(
        mvc.perform(
            post(JOBS).header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY)).content(validJob())),
        415,
        "unsupported-media-type");
    assertNothingStored();
  }

  @Test
  void refusesBodyOverOneMebibyteWithContentLength() throws Exception {
    byte[] body = oversizedJob(MIB + 1);
    expectProblem(
        mvc.perform(
            post(JOBS)
                .header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY))
                .contentType(MediaType.APPLICATION_JSON)
                .content(body)),
        413,
        "payload-too-large");
    assertNothingStored();
  }

  @Test
  void refusesBodyOverOneMebibyteWithoutContentLength() throws Exception {
    byte[] body = oversizedJob(MIB + 1);
    expectProblem(
        mvc.perform(
            new ChunkedPost(JOBS)
                .header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY))
                .header("Transfer-Encoding", "chunked")
                .contentType(MediaType.APPLICATION_JSON)
                .content(body)),
        413,
        "payload-too-large");
    assertNothingStored();
  }

  @Test
  void acceptsChunkedBodyUnderTheLimit() throws Exception {
    mvc.perform(
            new ChunkedPost(JOBS)
                .header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY))
                .contentType(MediaType.APPLICATION_JSON)
                .content(validJob()))
        .andExpect(status().isAccepted());
  }

  @Test
  void answersUnexpectedFailureWithGenericProblem() throws Exception {
    transactions.failNext(
        new IllegalStateException(
            "ERROR: duplicate key value violates unique constraint \"jobs_pkey\" at io.fetchq"));
    String body =
        expectProblem(submit(validJob()), 500, "internal-error")
            .andExpect(
                jsonPath("$.detail").value("An unexpected error occurred. It has been logged."))
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(body).doesNotContain("duplicate key", "jobs_pkey", "IllegalState");
    assertNothingStored();
  }

  // --- helpers ----------------------------------------------------------------------------------

  private ResultActions submit(String json) throws Exception {
    return submit(json, bearer(ADMIN_KEY));
  }

  private ResultActions submit(String json, String authorization) throws Exception {
    return mvc.perform(
        post(JOBS)
            .header(HttpHeaders.AUTHORIZATION, authorization)
            .contentType(MediaType.APPLICATION_JSON)
            .content(json));
  }

  /** Asserts a problem response of {@code status} and {@code type} that leaks no internals. */
  private static ResultActions expectProblem(ResultActions result, int status, String type)
      throws Exception {
    result
        .andExpect(status().is(status))
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://fetchq.io/problems/" + type))
        .andExpect(jsonPath("$.title").isNotEmpty())
        .andExpect(jsonPath("$.status").value(status))
        .andExpect(jsonPath("$.detail").isNotEmpty());
    String body = result.andReturn().getResponse().getContentAsString();
    assertThat(body)
        .doesNotContain(
            "Exception",
            "at io.",
            "io.fetchq",
            "com.fasterxml",
            "jackson",
            "org.springframework",
            "java.lang",
            "SubmitJobRequest",
            "trace");
    return result;
  }

  private void assertNothingStored() {
    assertThat(jobs.all()).isEmpty();
    assertThat(dispatches.messages()).isEmpty();
  }

  private Job storedJob(TenantId tenant) throws Exception {
    submit(validJob(), bearer(tenant.equals(TenantId.SYSTEM) ? ADMIN_KEY : OTHER_TENANT_KEY))
        .andExpect(status().isAccepted());
    return jobs.all().getLast();
  }

  private static Job completed(Job job, JobResult result) {
    return new Job(
        job.id(),
        job.tenantId(),
        null,
        JobStatus.COMPLETED,
        job.request(),
        1,
        0,
        null,
        job.createdAt(),
        result.fetchedAt(),
        result.fetchedAt(),
        result,
        null);
  }

  private static String bearer(String key) {
    return "Bearer " + key;
  }

  private static String validJob() {
    return "{\"url\": \"https://example.org/data.json\"}";
  }

  private static byte[] oversizedJob(int size) {
    String prefix = "{\"url\": \"https://example.org/\", \"body\": \"";
    String suffix = "\"}";
    return (prefix + "a".repeat(size - prefix.length() - suffix.length()) + suffix)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static Arguments invalid(String description, String json, String pointer) {
    return Arguments.of(description, json, pointer);
  }

  private static String job(Consumer<Map<String, Object>> change) {
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("url", "https://example.org/data.json");
    change.accept(job);
    try {
      return JSON.writeValueAsString(job);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> headers(int count) {
    Map<String, Object> headers = new LinkedHashMap<>();
    IntStream.range(0, count).forEach(i -> headers.put("X-Header-" + i, "v"));
    return headers;
  }

  private static Map<String, Object> orderedMap(String k1, Object v1, Object... more) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(k1, v1);
    for (int i = 0; i < more.length; i += 2) {
      map.put((String) more[i], more[i + 1]);
    }
    return map;
  }

  /** A POST whose body has no declared length, as with {@code Transfer-Encoding: chunked}. */
  static final class ChunkedPost extends AbstractMockHttpServletRequestBuilder<ChunkedPost> {
    ChunkedPost(String uri) {
      super(HttpMethod.POST);
      uri(uri);
    }

    @Override
    protected MockHttpServletRequest createServletRequest(ServletContext servletContext) {
      return new MockHttpServletRequest(servletContext) {
        @Override
        public int getContentLength() {
          return -1;
        }

        @Override
        public long getContentLengthLong() {
          return -1;
        }
      };
    }
  }
}
