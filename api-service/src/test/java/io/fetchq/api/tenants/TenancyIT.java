package io.fetchq.api.tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Ticker;
import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.config.ApiKeyProperties;
import io.fetchq.api.tenants.domain.ApiKeyHash;
import io.fetchq.api.tenants.persistence.CachingApiKeyRepository;
import io.fetchq.api.tenants.persistence.JdbcApiKeyRepository;
import io.fetchq.api.tenants.usecase.StoredKeyAuthenticator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Tenancy end to end, adversarially: tenants and keys made through the admin API, then one tenant
 * trying to reach the other's job, keys used beyond their scopes, a revoked key used on this
 * instance and on a second one, and the stored rows searched for keys in clear.
 */
@ExtendWith(OutputCaptureExtension.class)
class TenancyIT extends ApiIntegrationTest {

  private static final Logger log = LoggerFactory.getLogger(TenancyIT.class);
  private static final Duration REVOCATION_BOUND = Duration.ofSeconds(5);

  @Autowired private ApiKeyProperties keyProperties;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aTenantCannotSeeOrTouchAnotherTenantsJob() throws Exception {
    String keyA = issueKey(createTenant("a"), "jobs:read", "jobs:write");
    String keyB = issueKey(createTenant("b"), "jobs:read", "jobs:write");
    HttpResponse<String> submitted =
        send("POST", "/api/v1/jobs", keyA, "{\"url\": \"https://example.org/tenancy\"}");
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    String jobId = json.readTree(submitted.body()).get("id").asText();
    Map<String, Object> rowBefore = jobRow(jobId);
    String unknownId = UUID.randomUUID().toString();

    for (String[] call :
        new String[][] {
          {"GET", "/api/v1/jobs/%s"},
          {"GET", "/api/v1/jobs/%s/attempts"},
          {"DELETE", "/api/v1/jobs/%s"}
        }) {
      HttpResponse<String> foreign = send(call[0], call[1].formatted(jobId), keyB, null);
      HttpResponse<String> unknown = send(call[0], call[1].formatted(unknownId), keyB, null);

      assertThat(foreign.statusCode()).as(call[0] + " " + call[1]).isEqualTo(404);
      assertThat(foreign.headers().firstValue("Content-Type"))
          .isEqualTo(unknown.headers().firstValue("Content-Type"));
      assertThat(foreign.body().replace(jobId, "ID"))
          .as("another tenant's job answers exactly like an unknown id")
          .isEqualTo(unknown.body().replace(unknownId, "ID"));
    }

    assertThat(jobRow(jobId)).isEqualTo(rowBefore);
    HttpResponse<String> own = send("GET", "/api/v1/jobs/" + jobId, keyA, null);
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(json.readTree(own.body()).get("status").asText()).isEqualTo("queued");
  }

  @Test
  void aKeyDoesOnlyWhatItsScopesAllow() throws Exception {
    String tenant = createTenant("scopes");
    String reader = issueKey(tenant, "jobs:read");
    String writer = issueKey(tenant, "jobs:write");
    String job = "{\"url\": \"https://example.org/scopes\"}";

    assertProblem(send("POST", "/api/v1/jobs", reader, job), 403, "forbidden");
    HttpResponse<String> accepted = send("POST", "/api/v1/jobs", writer, job);
    assertThat(accepted.statusCode()).isEqualTo(202);
    String jobId = json.readTree(accepted.body()).get("id").asText();
    assertProblem(send("GET", "/api/v1/jobs/" + jobId, writer, null), 403, "forbidden");
    assertThat(send("GET", "/api/v1/jobs/" + jobId, reader, null).statusCode()).isEqualTo(200);
    assertProblem(send("DELETE", "/api/v1/jobs/" + jobId, reader, null), 403, "forbidden");
    assertThat(jobRow(jobId).get("status")).isEqualTo("queued");
  }

  @Test
  void onlyAdminKeysReachTheAdminApi() throws Exception {
    String tenantA = createTenant("admin-a");
    String keyA = issueKey(tenantA, "jobs:read", "jobs:write");
    String tenantB = createTenant("admin-b");
    String keyBId = issue(tenantB, "jobs:read").get("id").asText();

    assertProblem(
        send("POST", "/api/v1/admin/tenants", keyA, "{\"name\": \"" + name("evil") + "\"}"),
        403,
        "forbidden");
    assertProblem(send("GET", "/api/v1/admin/tenants/" + tenantA, keyA, null), 403, "forbidden");
    assertProblem(
        send("POST", "/api/v1/admin/tenants/" + tenantA + "/api-keys", keyA, scopes("jobs:read")),
        403,
        "forbidden");
    assertProblem(
        send("GET", "/api/v1/admin/tenants/" + tenantB + "/api-keys", keyA, null),
        403,
        "forbidden");
    assertProblem(
        send("DELETE", "/api/v1/admin/tenants/" + tenantB + "/api-keys/" + keyBId, keyA, null),
        403,
        "forbidden");
    assertThat(
            jdbc()
                .sql("SELECT revoked_at IS NULL FROM api_keys WHERE id = ?")
                .param(UUID.fromString(keyBId))
                .query(Boolean.class)
                .single())
        .isTrue();
    assertThat(
            jdbc()
                .sql("SELECT count(*) FROM api_keys WHERE tenant_id = ?")
                .param(UUID.fromString(tenantA))
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void aCustomerTenantIsNeverGrantedAdmin() throws Exception {
    String tenant = createTenant("no-admin");

    HttpResponse<String> refused =
        send("POST", "/api/v1/admin/tenants/" + tenant + "/api-keys", ADMIN_KEY, scopes("admin"));

    assertProblem(refused, 422, "validation-error");
    assertThat(json.readTree(refused.body()).get("errors").get(0).get("pointer").asText())
        .isEqualTo("/scopes");
  }

  @Test
  void aRevokedKeyIsRefusedHereAtOnceAndOnAnotherInstanceWithinFiveSeconds() throws Exception {
    String tenant = createTenant("revoke");
    JsonNode issued = issue(tenant, "jobs:read");
    String key = issued.get("key").asText();
    String keyPath = "/api/v1/admin/tenants/" + tenant + "/api-keys/" + issued.get("id").asText();
    // A second API instance: its own lookup cache over the same database, configured alike.
    StoredKeyAuthenticator otherInstance =
        new StoredKeyAuthenticator(
            new CachingApiKeyRepository(
                new JdbcApiKeyRepository(dataSource),
                keyProperties.cacheTtl(),
                keyProperties.cacheMaxEntries(),
                Ticker.systemTicker()));
    String probe = "/api/v1/jobs/" + UUID.randomUUID();
    assertThat(send("GET", probe, key, null).statusCode()).isEqualTo(404);
    assertThat(otherInstance.authenticate(key)).isPresent();

    HttpResponse<String> revoked = send("DELETE", keyPath, ADMIN_KEY, null);
    long revokedAt = System.nanoTime();

    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(204);
    assertThat(revoked.body()).isEmpty();
    HttpResponse<String> refused = send("GET", probe, key, null);
    assertProblem(refused, 401, "unauthorized");
    assertThat(refused.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
    await()
        .atMost(REVOCATION_BOUND)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> otherInstance.authenticate(key).isEmpty());
    Duration refusedAfter = Duration.ofNanos(System.nanoTime() - revokedAt);
    log.info("revoked key refused by the other instance after {} ms", refusedAfter.toMillis());
    assertThat(refusedAfter).isLessThan(REVOCATION_BOUND);
    assertProblem(send("DELETE", keyPath, ADMIN_KEY, null), 404, "not-found");
  }

  @Test
  void keysAreStoredOnlyAsDigestsAndNeverLogged(CapturedOutput output) throws Exception {
    String tenant = createTenant("digest");
    JsonNode issued = issue(tenant, "jobs:read", "jobs:write");
    String key = issued.get("key").asText();
    assertThat(send("GET", "/api/v1/jobs/" + UUID.randomUUID(), key, null).statusCode())
        .isEqualTo(404);
    send("GET", "/api/v1/jobs/" + UUID.randomUUID(), key + "x", null);

    Map<String, Object> row =
        jdbc()
            .sql("SELECT key_hash, scopes::text AS scopes FROM api_keys WHERE id = ?")
            .param(UUID.fromString(issued.get("id").asText()))
            .query()
            .singleRow();
    assertThat((byte[]) row.get("key_hash")).isEqualTo(ApiKeyHash.of(key).digest());
    assertThat(row.get("scopes")).isEqualTo("{jobs:read,jobs:write}");
    String randomPart = key.substring("fq_".length());
    List<String> everyRow =
        jdbc()
            .sql(
                "SELECT row_to_json(k)::text FROM api_keys k UNION ALL"
                    + " SELECT row_to_json(t)::text FROM tenants t")
            .query(String.class)
            .list();
    assertThat(everyRow).noneMatch(text -> text.contains(randomPart));
    assertThat(output.getAll()).doesNotContain(randomPart);
  }

  @Test
  void theBootstrapKeyStillActsAsTheSystemAdmin() throws Exception {
    HttpResponse<String> created =
        send("POST", "/api/v1/admin/tenants", ADMIN_KEY, "{\"name\": \"" + name("boot") + "\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    String systemKey = issueKey("00000000-0000-0000-0000-000000000001", "admin");

    HttpResponse<String> bySystemKey =
        send("POST", "/api/v1/admin/tenants", systemKey, "{\"name\": \"" + name("sys") + "\"}");

    assertThat(bySystemKey.statusCode()).as(bySystemKey.body()).isEqualTo(201);
    assertThat(bySystemKey.headers().firstValue("Location"))
        .hasValue("/api/v1/admin/tenants/" + json.readTree(bySystemKey.body()).get("id").asText());
  }

  @Test
  void aTakenNameConflicts() throws Exception {
    String name = name("dup");
    String body = "{\"name\": \"" + name + "\", \"rateLimit\": {\"perSecond\": 5, \"burst\": 5}}";

    HttpResponse<String> first = send("POST", "/api/v1/admin/tenants", ADMIN_KEY, body);
    HttpResponse<String> second = send("POST", "/api/v1/admin/tenants", ADMIN_KEY, body);

    assertThat(first.statusCode()).isEqualTo(201);
    JsonNode tenant = json.readTree(first.body());
    assertThat(tenant.get("rateLimit").get("perSecond").asInt()).isEqualTo(5);
    assertThat(tenant.get("webhookSecret").asText()).matches("whsec_[A-Za-z0-9+/]{43}=");
    assertProblem(second, 409, "tenant-name-taken");
    assertThat(
            jdbc()
                .sql("SELECT count(*) FROM tenants WHERE name = ?")
                .param(name)
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void documentsTheAdminEndpoints() throws Exception {
    HttpResponse<String> docs =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl() + "/v3/api-docs")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(docs.statusCode()).isEqualTo(200);
    JsonNode paths = json.readTree(docs.body()).get("paths");
    assertThat(paths.has("/api/v1/admin/tenants")).isTrue();
    assertThat(paths.has("/api/v1/admin/tenants/{tenantId}/api-keys/{keyId}")).isTrue();
  }

  // --- helpers ----------------------------------------------------------------------------------

  private String createTenant(String purpose) throws Exception {
    HttpResponse<String> created =
        send(
            "POST",
            "/api/v1/admin/tenants",
            ADMIN_KEY,
            "{\"name\": \""
                + name(purpose)
                + "\", \"rateLimit\": {\"perSecond\": 100, \"burst\": 200}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json.readTree(created.body()).get("id").asText();
  }

  private String issueKey(String tenant, String... scopes) throws Exception {
    return issue(tenant, scopes).get("key").asText();
  }

  private JsonNode issue(String tenant, String... scopes) throws Exception {
    HttpResponse<String> issued =
        send("POST", "/api/v1/admin/tenants/" + tenant + "/api-keys", ADMIN_KEY, scopes(scopes));
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    return json.readTree(issued.body());
  }

  private static String scopes(String... scopes) {
    return "{\"scopes\": [\"" + String.join("\", \"", scopes) + "\"]}";
  }

  private static String name(String purpose) {
    return "it-"
        + purpose
        + "-"
        + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  }

  private Map<String, Object> jobRow(String id) {
    return jdbc()
        .sql("SELECT tenant_id, status, attempts, updated_at, completed_at FROM jobs WHERE id = ?")
        .param(UUID.fromString(id))
        .query()
        .singleRow();
  }

  private void assertProblem(HttpResponse<String> response, int status, String type)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json.readTree(response.body()).get("type").asText())
        .isEqualTo("https://fetchq.io/problems/" + type);
  }

  private HttpResponse<String> send(String method, String path, String key, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .header("Authorization", "Bearer " + key)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
