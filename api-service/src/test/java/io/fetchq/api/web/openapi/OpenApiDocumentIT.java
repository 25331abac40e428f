package io.fetchq.api.web.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fetchq.api.ApiIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI description as the running application serves it: written to {@code
 * target/openapi.json}, checked for the API's conventions, and linted by Redocly CLI ({@link
 * RedoclyLint}), which must report neither errors nor warnings.
 */
class OpenApiDocumentIT extends ApiIntegrationTest {

  private static final Path DOCUMENT = Path.of("target/openapi.json");

  private final HttpClient http = HttpClient.newHttpClient();
  private JsonNode doc;

  @BeforeEach
  void fetchDocument() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl() + "/v3/api-docs")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    doc = json.readTree(response.body());
    Files.createDirectories(DOCUMENT.getParent());
    Files.writeString(DOCUMENT, json.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
  }

  @Test
  void passesRedoclyLintWithoutErrorsOrWarnings() throws Exception {
    RedoclyLint linter = RedoclyLint.ofCheckout();
    linter.install();

    RedoclyLint.Report report = linter.lint(DOCUMENT);

    assertThat(report.problems()).as(report.raw()).isEmpty();
    assertThat(report.errors()).isZero();
    assertThat(report.warnings()).isZero();
  }

  @Test
  void servesSwaggerUi() throws Exception {
    HttpResponse<String> page =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/swagger-ui.html")).build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("swagger-ui");
  }

  @Test
  void declaresOpenApi31AndTheBearerSchemeGlobally() {
    assertThat(doc.path("openapi").asText()).startsWith("3.1.");
    JsonNode scheme = doc.at("/components/securitySchemes/apiKey");
    assertThat(scheme.path("type").asText()).isEqualTo("http");
    assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
    assertThat(doc.at("/security/0").has("apiKey")).isTrue();
    assertThat(doc.at("/info/description").asText())
        .contains("## Conventions", "## Authentication", "## Errors", "validation-error");
  }

  @Test
  void documentsProblemResponsesAsProblemJson() {
    JsonNode submit = operation("/api/v1/jobs", "post");
    assertThat(codes(submit))
        .contains("200", "202", "400", "401", "403", "409", "413", "415", "422", "429", "500");
    assertThat(codes(operation("/api/v1/jobs/{id}", "get")))
        .contains("200", "401", "403", "404", "429", "500")
        .doesNotContain("400", "413", "415", "422");
    assertThat(codes(operation("/api/v1/jobs/{id}", "delete"))).contains("404", "409");
    assertThat(codes(operation("/api/v1/admin/tenants", "post")))
        .contains("201", "400", "401", "403", "409", "413", "415", "422")
        .doesNotContain("429");

    JsonNode invalid = resolve(submit.at("/responses/422"));
    JsonNode problemJson = invalid.at("/content/application~1problem+json");
    assertThat(problemJson.at("/schema/$ref").asText())
        .isEqualTo("#/components/schemas/ProblemDetail");
    assertThat(problemJson.at("/examples/validation-error/value/errors/0/pointer").asText())
        .isEqualTo("/timeoutMs");
    JsonNode problem = doc.at("/components/schemas/ProblemDetail");
    assertThat(names(problem.path("properties")))
        .contains("type", "title", "status", "detail", "instance", "errors");
    assertThat(names(doc.at("/components/schemas/FieldViolation/properties")))
        .containsExactly("pointer", "detail");
    assertThat(resolve(submit.at("/responses/401")).at("/headers/WWW-Authenticate")).isNotEmpty();
  }

  @Test
  void documentsIdempotencyAndRateLimitHeaders() {
    JsonNode submit = operation("/api/v1/jobs", "post");
    List<String> headers = new ArrayList<>();
    submit
        .path("parameters")
        .forEach(
            p -> {
              JsonNode parameter = resolve(p);
              if (parameter.path("in").asText().equals("header")) {
                headers.add(parameter.path("name").asText());
              }
            });
    assertThat(headers).contains("Idempotency-Key");
    assertThat(names(submit.at("/responses/202/headers")))
        .contains("Location", "RateLimit", "RateLimit-Policy");
    assertThat(names(submit.at("/responses/200/headers")))
        .contains("Location", "Idempotent-Replayed", "RateLimit", "RateLimit-Policy");
    assertThat(names(resolve(submit.at("/responses/429")).path("headers")))
        .contains("Retry-After", "RateLimit", "RateLimit-Policy");
    JsonNode get = operation("/api/v1/jobs/{id}", "get");
    assertThat(names(get.at("/responses/200/headers"))).contains("RateLimit", "RateLimit-Policy");
    assertThat(names(resolve(get.at("/responses/404")).path("headers")))
        .contains("RateLimit", "RateLimit-Policy");
    assertThat(
            resolve(get.at("/responses/404"))
                .at("/content/application~1problem+json/schema/$ref")
                .asText())
        .isEqualTo("#/components/schemas/ProblemDetail");
    assertThat(names(resolve(get.at("/responses/401")).path("headers")))
        .doesNotContain("RateLimit");
  }

  @Test
  void namesEveryOperationUniquelyWithSummaryAndTag() {
    List<String> ids = new ArrayList<>();
    doc.path("paths")
        .forEach(
            item ->
                item.forEach(
                    operation -> {
                      if (operation.has("responses")) {
                        ids.add(operation.path("operationId").asText());
                        assertThat(operation.path("summary").asText()).isNotBlank();
                        assertThat(operation.path("tags")).hasSize(1);
                      }
                    }));
    assertThat(ids).doesNotHaveDuplicates().doesNotContain("").contains("submitJob", "getJob");
    assertThat(ids).allSatisfy(id -> assertThat(id).matches("[a-z][A-Za-z]+"));
  }

  private JsonNode operation(String path, String method) {
    JsonNode operation = doc.path("paths").path(path).path(method);
    assertThat(operation.isMissingNode()).as(method + " " + path).isFalse();
    return operation;
  }

  /** Follows a local {@code $ref}. */
  private JsonNode resolve(JsonNode node) {
    String ref = node.path("$ref").asText();
    return ref.startsWith("#") ? doc.at(ref.substring(1)) : node;
  }

  private static List<String> codes(JsonNode operation) {
    return names(operation.path("responses"));
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
