package io.fetchq.api.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.TestApi;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.tenants.domain.WebhookSecret;
import io.fetchq.api.tenants.usecase.TenantRepository;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code POST /api/v1/webhook-secret/rotate} over HTTP against PostgreSQL. */
class WebhookSecretIT extends ApiIntegrationTest {

  private static final String ROTATE = "/api/v1/webhook-secret/rotate";

  private TestApi api;

  @Autowired private TenantRepository tenants;

  @BeforeEach
  void client() {
    api = new TestApi(baseUrl(), ADMIN_KEY);
  }

  @Test
  void rotationReplacesTheSecretAndKeepsThePreviousOneForTwentyFourHours() throws Exception {
    JsonNode tenant = createTenant();
    String tenantId = tenant.get("id").asText();
    String original = tenant.get("webhookSecret").asText();
    String writer = api.key(tenantId, "jobs:write");
    Instant before = Instant.now();

    HttpResponse<String> first = api.send("POST", ROTATE, writer, null);
    HttpResponse<String> second = api.send("POST", ROTATE, writer, null);

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
        json.readTree(api.send("GET", "/api/v1/admin/tenants/" + tenantId, ADMIN_KEY, null).body());
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
    String reader = api.key(tenantId, "jobs:read");
    String before =
        jdbc()
            .sql("SELECT webhook_secret FROM tenants WHERE id = ?::uuid")
            .param(tenantId)
            .query(String.class)
            .single();

    assertThat(api.send("POST", ROTATE, reader, null).statusCode()).isEqualTo(403);
    assertThat(api.send("POST", ROTATE, "fq_unknown", null).statusCode()).isEqualTo(401);
    assertThat(api.send("POST", ROTATE, null, null).statusCode()).isEqualTo(401);
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
        api.send(
            "POST",
            "/api/v1/admin/tenants",
            ADMIN_KEY,
            "{\"name\": \"whs-" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json.readTree(created.body());
  }
}
