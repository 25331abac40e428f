package io.fetchq.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ThreadLocalRandom;

/** A client of one API instance for integration tests: tenants, keys, plain requests. */
public record TestApi(HttpClient http, ObjectMapper json, String baseUrl, String adminKey) {

  public TestApi(String baseUrl, String adminKey) {
    this(HttpClient.newHttpClient(), new ObjectMapper(), baseUrl, adminKey);
  }

  /** A new tenant with the given limit; returns a key with jobs:read and jobs:write. */
  public String tenantKey(int perSecond, int burst) throws Exception {
    String name = "rl-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    HttpResponse<String> tenant =
        send(
            "POST",
            "/api/v1/admin/tenants",
            adminKey,
            "{\"name\": \"%s\", \"rateLimit\": {\"perSecond\": %d, \"burst\": %d}}"
                .formatted(name, perSecond, burst));
    assertThat(tenant.statusCode()).as(tenant.body()).isEqualTo(201);
    String id = json.readTree(tenant.body()).get("id").asText();
    return key(id, "jobs:read", "jobs:write");
  }

  /** A new key of tenant {@code id} with {@code scopes}. */
  public String key(String id, String... scopes) throws Exception {
    HttpResponse<String> key =
        send(
            "POST",
            "/api/v1/admin/tenants/" + id + "/api-keys",
            adminKey,
            "{\"scopes\": [\"" + String.join("\", \"", scopes) + "\"]}");
    assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
    return json.readTree(key.body()).get("key").asText();
  }

  /** Submits a job fetching {@code url}. */
  public HttpResponse<String> submit(String key, String url) throws Exception {
    return send("POST", "/api/v1/jobs", key, "{\"url\": \"" + url + "\"}");
  }

  /** Submits a job fetching {@code url} with an {@code Idempotency-Key}. */
  public HttpResponse<String> submit(String key, String url, String idempotencyKey)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/jobs"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"" + url + "\"}"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", idempotencyKey)
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  public JsonNode body(HttpResponse<String> response) throws Exception {
    return json.readTree(response.body());
  }

  public HttpResponse<String> send(String method, String path, String key, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
