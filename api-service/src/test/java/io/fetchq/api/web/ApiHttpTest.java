package io.fetchq.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.api.config.ApiConfiguration;
import io.fetchq.api.config.ApiOpenApiConfiguration;
import io.fetchq.api.config.ApiSecurityConfiguration;
import io.fetchq.api.config.ApiWebConfiguration;
import io.fetchq.api.jobs.web.JobController;
import io.fetchq.api.jobs.web.JobWebTestConfiguration;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The API's HTTP behaviour in a real servlet container (Tomcat), without PostgreSQL, Kafka or
 * Redis: the persistence ports are in-memory fakes. Covers what MockMvc cannot: chunked uploads,
 * the container's error page, actuator and springdoc behind the security chain.
 */
@SpringBootTest(
    classes = ApiHttpTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "fetchq.api.bootstrap-admin-key=http-test-admin-key",
      // no database, broker or Redis here: the readiness group names components this slice lacks
      "management.endpoint.health.validate-group-membership=false",
      "spring.autoconfigure.exclude="
          + "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration,"
          + "org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration,"
          + "org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration,"
          + "org.springframework.boot.autoconfigure.data.jpa.JpaRepositoriesAutoConfiguration,"
          + "org.springframework.boot.autoconfigure.liquibase.LiquibaseAutoConfiguration,"
          + "org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration,"
          + "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration,"
          + "org.springframework.boot.autoconfigure.data.redis.RedisRepositoriesAutoConfiguration,"
          + "org.redisson.spring.starter.RedissonAutoConfigurationV2"
    })
class ApiHttpTest {

  private static final String KEY = "Bearer http-test-admin-key";
  private static final int MIB = 1024 * 1024;

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import({
    JobWebTestConfiguration.class,
    ApiConfiguration.class,
    ApiWebConfiguration.class,
    ApiSecurityConfiguration.class,
    ApiOpenApiConfiguration.class,
    JobController.class,
    ProblemAdvice.class,
    ProblemErrorController.class
  })
  static class App {}

  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void submitsAndReadsAJobOverHttp() throws Exception {
    HttpResponse<String> submitted =
        send(jobs().header("Authorization", KEY).POST(json("{\"url\":\"https://example.org/\"}")));

    assertThat(submitted.statusCode()).isEqualTo(202);
    String location = submitted.headers().firstValue("Location").orElseThrow();
    HttpResponse<String> shown = send(request(location).header("Authorization", KEY).GET());
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(json.readTree(shown.body())).isEqualTo(json.readTree(submitted.body()));
    for (HttpResponse<String> response : List.of(submitted, shown)) {
      // sized, not chunked: SizedJsonHttpMessageConverter
      assertThat(response.headers().firstValueAsLong("Content-Length"))
          .hasValue(response.body().getBytes(StandardCharsets.UTF_8).length);
      assertThat(response.headers().firstValue("Transfer-Encoding")).isEmpty();
    }
  }

  @Test
  void refusesOversizedBodyWithContentLength() throws Exception {
    HttpResponse<String> response =
        send(
            jobs()
                .header("Authorization", KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(oversized())));

    assertProblem(response, 413, "payload-too-large");
  }

  @Test
  void refusesOversizedChunkedBody() throws Exception {
    byte[] body = oversized();
    HttpResponse<String> response =
        send(
            jobs()
                .header("Authorization", KEY)
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body))));

    assertProblem(response, 413, "payload-too-large");
  }

  @Test
  void challengesRequestsWithoutKey() throws Exception {
    HttpResponse<String> response = send(jobs().POST(json("{\"url\":\"https://example.org/\"}")));

    assertProblem(response, 401, "unauthorized");
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
  }

  @Test
  void answersRequestsRejectedBeforeSpringMvcAsProblems() throws Exception {
    // Spring Security's firewall refuses the path and the container forwards to /error.
    HttpResponse<String> response =
        send(request("/api/v1/jobs;jsessionid=x").header("Authorization", KEY).GET());

    assertProblem(response, 400, "malformed-request");
  }

  @Test
  void leavesHealthOpen() throws Exception {
    HttpResponse<String> response = send(request("/actuator/health/liveness").GET());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("UP");
  }

  @Test
  void servesOpenApi31WithBearerScheme() throws Exception {
    HttpResponse<String> response = send(request("/v3/api-docs").GET());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode doc = json.readTree(response.body());
    assertThat(doc.get("openapi").asText()).startsWith("3.1");
    assertThat(doc.get("info").get("title").asText()).isEqualTo("fetchq");
    assertThat(doc.get("paths").has("/api/v1/jobs")).isTrue();
    assertThat(doc.get("paths").has("/api/v1/jobs/{id}")).isTrue();
    assertThat(doc.get("paths").has("/error")).isFalse();
    assertThat(doc.at("/components/securitySchemes/apiKey/scheme").asText()).isEqualTo("bearer");
  }

  private HttpRequest.Builder jobs() {
    return request("/api/v1/jobs").header("Content-Type", "application/json");
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.BodyPublisher json(String body) {
    return HttpRequest.BodyPublishers.ofString(body);
  }

  private static byte[] oversized() {
    byte[] body = new byte[MIB + 1];
    Arrays.fill(body, (byte) 'a');
    byte[] prefix =
        "{\"url\":\"https://example.org/\",\"body\":\"".getBytes(StandardCharsets.UTF_8);
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    body[body.length - 2] = '"';
    body[body.length - 1] = '}';
    return body;
  }

  private void assertProblem(HttpResponse<String> response, int status, String type)
      throws Exception {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("type").asText()).isEqualTo("https://fetchq.io/problems/" + type);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(response.body()).doesNotContain("Exception", "at io.", "org.springframework");
  }
}
