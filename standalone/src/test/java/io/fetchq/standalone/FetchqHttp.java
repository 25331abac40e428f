package io.fetchq.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A small client of the public HTTP API (API.md), for end-to-end tests. */
final class FetchqHttp {

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  FetchqHttp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  String baseUrl() {
    return baseUrl;
  }

  HttpResponse<String> post(String path, String json, String key) throws IOException {
    return post(path, json, key, null);
  }

  /**
   * {@code POST path} with an {@code Idempotency-Key} header unless {@code idempotencyKey} is null.
   */
  HttpResponse<String> post(String path, String json, String key, String idempotencyKey)
      throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    Optional.ofNullable(key).ifPresent(k -> request.header("Authorization", "Bearer " + k));
    Optional.ofNullable(idempotencyKey).ifPresent(k -> request.header("Idempotency-Key", k));
    return send(request.build());
  }

  HttpResponse<String> get(String path, String key) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10)).GET();
    Optional.ofNullable(key).ifPresent(k -> request.header("Authorization", "Bearer " + k));
    return send(request.build());
  }

  /** {@code GET path} answered 200, or {@code false} when the server is not (yet) there. */
  boolean answers200(String path) {
    try {
      return get(path, null).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** A tenant created for a test, with a {@code jobs:read jobs:write} key. */
  record Tenant(String id, String key, String webhookSecret) {}

  /** Creates a tenant named {@code namePrefix} plus a random part, and issues it a key. */
  Tenant createTenant(String namePrefix, String adminKey) throws IOException {
    HttpResponse<String> tenant =
        post(
            "/api/v1/admin/tenants",
            "{\"name\": \"" + namePrefix + UUID.randomUUID() + "\"}",
            adminKey);
    assertThat(tenant.statusCode()).as(tenant.body()).isEqualTo(201);
    String id = json(tenant).read("$.id");
    HttpResponse<String> key =
        post(
            "/api/v1/admin/tenants/" + id + "/api-keys",
            "{\"scopes\": [\"jobs:read\", \"jobs:write\"]}",
            adminKey);
    assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
    return new Tenant(id, json(key).read("$.key"), json(tenant).read("$.webhookSecret"));
  }

  /** A job request body: {@code url} plus the given top-level fields (already JSON). */
  static String jobRequest(String url, Map<String, String> rawFields) {
    StringBuilder json = new StringBuilder("{\"url\":\"").append(url).append('"');
    rawFields.forEach((name, raw) -> json.append(",\"").append(name).append("\":").append(raw));
    return json.append('}').toString();
  }

  static DocumentContext json(HttpResponse<String> response) {
    return JsonPath.parse(response.body());
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
