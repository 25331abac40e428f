package io.fetchq.api.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.tenants.domain.WebhookSecret;
import io.fetchq.api.tenants.usecase.TenantRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code POST /api/v1/webhook-secret/rotate} over HTTP against PostgreSQL. */
class WebhookSecretIT extends ApiIntegrationTest {

  private static final String ROTATE = "/api/v1/webhook-secret/rotate";

  private final HttpClient http = HttpClient.newHttpClient();

  @Autowired private TenantRepository tenants;

  @Test
  void rotationReplacesTheSecretAndKeepsThePreviousOneForTwentyFourHours() throws Exception {
    JsonNode tenant = createTenant();
    String tenantId = tenant.get("id").asText();
    String original = tenant.get("webhookSecret").asText();
    String writer = key(tenantId, "[\"jobs:write\"]");
    Instant before = Instant.now();

    HttpResponse<String> first = send("POST", ROTATE, writer, null);
    HttpResponse<String> second = send("POST", ROTATE, writer, null);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    String firstSecret = json.readTree(first.body()).get("webhookSecret").asText();
    assertThat(firstSecret).startsWith("whsec_").isNotEqualTo(original);
    Instant expires =
        Instant.parse(json.readTree(first.body()).get("previousSecretExpiresAt").asText());
    assertThat(expires)
        .isBetween(before.plus(Duration.ofHours(24)), Instant.now().plus(Duration.ofHours(24)));
    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    String secondSecret = json.readTree(second.body()).get("webhookSecret").asText();
    Map<String, Object> row =
        jdbc()
            .sql("SELECT webhook_secret, previous_webhook_secret FROM tenants WHERE id = ?::uuid")
            .param(tenantId)
            .query()
            .singleRow();
    assertThat(row)
        .containsEntry("webhook_secret", secondSecret)
        .as("the second rotation keeps the first rotation's secret as the previous one")
        .containsEntry("previous_webhook_secret", firstSecret);
    JsonNode shown =
        json.readTree(send("GET", "/api/v1/admin/tenants/" + tenantId, ADMIN_KEY, null).body());
    assertThat(shown.get("webhookSecret").asText()).isEqualTo(secondSecret);
    assertThat(
            tenants
                .webhookSecrets(new TenantId(UUID.fromString(tenantId)))
                .orElseThrow()
                .signingAt(Instant.now()))
        .as("deliveries now carry both signatures")
        .extracting(WebhookSecret::value)
        .containsExactly(secondSecret, firstSecret);
    assertThat(tenants.webhookSecrets(new TenantId(UUID.randomUUID()))).isEmpty();
  }

  @Test
  void aReadOnlyKeyMayNotRotateAndAnUnknownKeyIsUnauthorized() throws Exception {
    String tenantId = createTenant().get("id").asText();
    String reader = key(tenantId, "[\"jobs:read\"]");
    String before =
        jdbc()
            .sql("SELECT webhook_secret FROM tenants WHERE id = ?::uuid")
            .param(tenantId)
            .query(String.class)
            .single();

    assertThat(send("POST", ROTATE, reader, null).statusCode()).isEqualTo(403);
    assertThat(send("POST", ROTATE, "fq_unknown", null).statusCode()).isEqualTo(401);
    assertThat(send("POST", ROTATE, null, null).statusCode()).isEqualTo(401);
    assertThat(
            jdbc()
                .sql("SELECT webhook_secret FROM tenants WHERE id = ?::uuid")
                .param(tenantId)
                .query(String.class)
                .single())
        .isEqualTo(before);
  }

  private JsonNode createTenant() throws Exception {
    HttpResponse<String> created =
        send(
            "POST",
            "/api/v1/admin/tenants",
            ADMIN_KEY,
            "{\"name\": \"whs-" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json.readTree(created.body());
  }

  private String key(String tenantId, String scopes) throws Exception {
    HttpResponse<String> key =
        send(
            "POST",
            "/api/v1/admin/tenants/" + tenantId + "/api-keys",
            ADMIN_KEY,
            "{\"scopes\": " + scopes + "}");
    assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
    return json.readTree(key.body()).get("key").asText();
  }

  private HttpResponse<String> send(String method, String path, String key, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
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
