package io.fetchq.api.tenants.web;

import static io.fetchq.api.tenants.web.TenantWebTestConfiguration.ADMIN_KEY;
import static io.fetchq.api.tenants.web.TenantWebTestConfiguration.JOBS_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.api.config.ApiSecurityConfiguration;
import io.fetchq.api.config.ApiWebConfiguration;
import io.fetchq.api.tenants.domain.ApiKey;
import io.fetchq.api.tenants.domain.ApiKeyHash;
import io.fetchq.api.tenants.domain.ApiKeyId;
import io.fetchq.api.tenants.domain.RateLimit;
import io.fetchq.api.tenants.domain.Tenant;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.tenants.domain.TenantName;
import io.fetchq.api.tenants.domain.WebhookSecret;
import io.fetchq.api.tenants.usecase.InMemoryApiKeyRepository;
import io.fetchq.api.tenants.usecase.InMemoryTenantRepository;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@WebMvcTest(
    controllers = TenantAdminController.class,
    properties = "fetchq.api.bootstrap-admin-key=" + ADMIN_KEY)
@Import({
  TenantWebTestConfiguration.class,
  ApiWebConfiguration.class,
  ApiSecurityConfiguration.class
})
class TenantAdminControllerTest {

  private static final String TENANTS = "/api/v1/admin/tenants";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired MockMvc mvc;
  @Autowired InMemoryTenantRepository tenants;
  @Autowired InMemoryApiKeyRepository keys;

  @BeforeEach
  void clear() {
    tenants.clear();
    keys.clear();
  }

  // --- tenants ----------------------------------------------------------------------------------

  @Test
  void createsATenantWithItsWebhookSecret() throws Exception {
    String body =
        mvc.perform(admin(post(TENANTS)).content(acme()))
            .andExpect(status().isCreated())
            .andExpect(content().contentType(MediaType.APPLICATION_JSON))
            .andExpect(jsonPath("$.name").value("acme"))
            .andExpect(jsonPath("$.rateLimit.perSecond").value(100))
            .andExpect(jsonPath("$.rateLimit.burst").value(200))
            .andExpect(jsonPath("$.createdAt").value("2026-11-22T10:00:00.123Z"))
            .andReturn()
            .getResponse()
            .getContentAsString();

    JsonNode tenant = JSON.readTree(body);
    assertThat(tenant.fieldNames())
        .toIterable()
        .containsExactly("id", "name", "rateLimit", "webhookSecret", "createdAt");
    Tenant stored = tenants.all().getFirst();
    assertThat(tenant.get("id").asText()).isEqualTo(stored.id().toString());
    String secret = tenant.get("webhookSecret").asText();
    assertThat(secret).startsWith("whsec_").isEqualTo(stored.webhookSecret().value());
    assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(32);
  }

  @Test
  void pointsLocationAtTheNewTenantWhichCanBeRead() throws Exception {
    String location =
        mvc.perform(admin(post(TENANTS)).content(acme()))
            .andExpect(status().isCreated())
            .andReturn()
            .getResponse()
            .getHeader(HttpHeaders.LOCATION);
    Tenant stored = tenants.all().getFirst();

    assertThat(location).isEqualTo(TENANTS + "/" + stored.id());
    mvc.perform(admin(get(location)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.id").value(stored.id().toString()))
        .andExpect(jsonPath("$.name").value("acme"))
        .andExpect(jsonPath("$.webhookSecret").value(stored.webhookSecret().value()));
  }

  @Test
  void defaultsTheRateLimit() throws Exception {
    mvc.perform(admin(post(TENANTS)).content("{\"name\": \"globex\"}"))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.rateLimit.perSecond").value(100))
        .andExpect(jsonPath("$.rateLimit.burst").value(200));
  }

  @Test
  void refusesADuplicateNameWithConflict() throws Exception {
    mvc.perform(admin(post(TENANTS)).content(acme())).andExpect(status().isCreated());

    expectProblem(mvc.perform(admin(post(TENANTS)).content(acme())), 409, "tenant-name-taken")
        .andExpect(jsonPath("$.detail").value("A tenant named 'acme' exists."));
    assertThat(tenants.all()).hasSize(1);
  }

  static Stream<Arguments> invalidTenants() {
    return Stream.of(
        Arguments.of("{}", "/name"),
        Arguments.of("{\"name\": null}", "/name"),
        Arguments.of("{\"name\": \"\"}", "/name"),
        Arguments.of("{\"name\": \"Acme\"}", "/name"),
        Arguments.of("{\"name\": \"-acme\"}", "/name"),
        Arguments.of("{\"name\": \"" + "a".repeat(64) + "\"}", "/name"),
        Arguments.of("{\"name\": 5}", "/name"),
        Arguments.of("{\"name\": \"acme\", \"rateLimit\": 5}", "/rateLimit"),
        Arguments.of(limit("{\"perSecond\": 0, \"burst\": 10}"), "/rateLimit/perSecond"),
        Arguments.of(limit("{\"perSecond\": 100001, \"burst\": 200000}"), "/rateLimit/perSecond"),
        Arguments.of(limit("{\"perSecond\": \"fast\", \"burst\": 10}"), "/rateLimit/perSecond"),
        Arguments.of(limit("{\"perSecond\": 1.5, \"burst\": 10}"), "/rateLimit/perSecond"),
        Arguments.of(limit("{\"perSecond\": 99999999999, \"burst\": 10}"), "/rateLimit/perSecond"),
        Arguments.of(limit("{\"burst\": 10}"), "/rateLimit/perSecond"),
        Arguments.of(limit("{\"perSecond\": 10}"), "/rateLimit/burst"),
        Arguments.of(limit("{\"perSecond\": 10, \"burst\": 0}"), "/rateLimit/burst"),
        Arguments.of(limit("{\"perSecond\": 10, \"burst\": 1000001}"), "/rateLimit/burst"),
        Arguments.of(limit("{\"perSecond\": 100, \"burst\": 99}"), "/rateLimit/burst"));
  }

  @ParameterizedTest
  @MethodSource("invalidTenants")
  void refusesAnInvalidTenantWithAPointer(String json, String pointer) throws Exception {
    expectProblem(mvc.perform(admin(post(TENANTS)).content(json)), 422, "validation-error")
        .andExpect(jsonPath("$.errors.length()").value(1))
        .andExpect(jsonPath("$.errors[0].pointer").value(pointer))
        .andExpect(jsonPath("$.errors[0].detail").isNotEmpty());
    assertThat(tenants.all()).isEmpty();
  }

  @Test
  void explainsABurstBelowTheRate() throws Exception {
    mvc.perform(admin(post(TENANTS)).content(limit("{\"perSecond\": 100, \"burst\": 99}")))
        .andExpect(jsonPath("$.errors[0].detail").value("must not be below perSecond (100)"));
  }

  @Test
  void refusesUnknownFieldsAndMalformedJson() throws Exception {
    expectProblem(
            mvc.perform(admin(post(TENANTS)).content("{\"name\": \"acme\", \"rateLimits\": {}}")),
            400,
            "unknown-field")
        .andExpect(jsonPath("$.errors[0].pointer").value("/rateLimits"));
    expectProblem(
            mvc.perform(
                admin(post(TENANTS))
                    .content(limit("{\"perSecond\": 1, \"burst\": 1, \"refill\": 1}"))),
            400,
            "unknown-field")
        .andExpect(jsonPath("$.errors[0].pointer").value("/rateLimit/refill"));
    expectProblem(
        mvc.perform(admin(post(TENANTS)).content("{\"name\": ")), 400, "malformed-request");
    expectProblem(
        mvc.perform(
            post(TENANTS)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
                .contentType(MediaType.TEXT_PLAIN)
                .content("acme")),
        415,
        "unsupported-media-type");
    assertThat(tenants.all()).isEmpty();
  }

  @Test
  void answersNotFoundForAnUnknownOrMalformedTenantId() throws Exception {
    expectProblem(mvc.perform(admin(get(TENANTS + "/" + UUID.randomUUID()))), 404, "not-found");
    expectProblem(mvc.perform(admin(get(TENANTS + "/not-a-uuid"))), 404, "not-found");
  }

  // --- keys -------------------------------------------------------------------------------------

  @Test
  void issuesAKeyShownOnceAndStoresOnlyItsDigest() throws Exception {
    TenantId acme = createAcme();

    String body =
        mvc.perform(
                admin(post(keysOf(acme))).content("{\"scopes\": [\"jobs:write\", \"jobs:read\"]}"))
            .andExpect(status().isCreated())
            .andExpect(content().contentType(MediaType.APPLICATION_JSON))
            .andExpect(jsonPath("$.scopes[0]").value("jobs:read"))
            .andExpect(jsonPath("$.scopes[1]").value("jobs:write"))
            .andExpect(jsonPath("$.scopes.length()").value(2))
            .andExpect(jsonPath("$.createdAt").value("2026-11-22T10:00:00.123Z"))
            .andReturn()
            .getResponse()
            .getContentAsString();

    JsonNode issued = JSON.readTree(body);
    assertThat(issued.fieldNames())
        .toIterable()
        .containsExactly("id", "key", "scopes", "createdAt");
    String key = issued.get("key").asText();
    assertThat(key).matches("fq_[A-Za-z0-9_-]{43}");
    ApiKey stored =
        keys.get(new ApiKeyId(UUID.fromString(issued.get("id").asText()))).orElseThrow();
    assertThat(stored.tenantId()).isEqualTo(acme);
    assertThat(stored.hash()).isEqualTo(ApiKeyHash.of(key));
  }

  @Test
  void ignoresRepeatedScopes() throws Exception {
    TenantId acme = createAcme();

    mvc.perform(admin(post(keysOf(acme))).content("{\"scopes\": [\"jobs:read\", \"jobs:read\"]}"))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.scopes.length()").value(1));
  }

  static Stream<Arguments> invalidKeyRequests() {
    return Stream.of(
        Arguments.of("{}", "/scopes"),
        Arguments.of("{\"scopes\": null}", "/scopes"),
        Arguments.of("{\"scopes\": []}", "/scopes"),
        Arguments.of("{\"scopes\": \"jobs:read\"}", "/scopes"),
        Arguments.of("{\"scopes\": [\"jobs:read\", \"jobs:delete\"]}", "/scopes/1"),
        Arguments.of("{\"scopes\": [\"Jobs:Read\"]}", "/scopes/0"),
        Arguments.of("{\"scopes\": [\" jobs:read\"]}", "/scopes/0"),
        Arguments.of("{\"scopes\": [null]}", "/scopes/0"),
        Arguments.of("{\"scopes\": [1]}", "/scopes/0"),
        Arguments.of("{\"scopes\": [\"admin\"]}", "/scopes"));
  }

  @ParameterizedTest
  @MethodSource("invalidKeyRequests")
  void refusesAnInvalidKeyRequestWithAPointer(String json, String pointer) throws Exception {
    TenantId acme = createAcme();

    expectProblem(mvc.perform(admin(post(keysOf(acme))).content(json)), 422, "validation-error")
        .andExpect(jsonPath("$.errors[0].pointer").value(pointer));
    assertThat(keys.list(acme)).isEmpty();
  }

  @Test
  void issuesAdminKeysForTheSystemTenantOnly() throws Exception {
    tenants.add(
        new Tenant(
            TenantId.SYSTEM,
            new TenantName("system"),
            RateLimit.DEFAULT,
            WebhookSecret.generate(new SecureRandom()),
            TenantWebTestConfiguration.NOW));

    String key =
        JSON.readTree(
                mvc.perform(
                        admin(post(keysOf(TenantId.SYSTEM))).content("{\"scopes\": [\"admin\"]}"))
                    .andExpect(status().isCreated())
                    .andExpect(jsonPath("$.scopes[0]").value("admin"))
                    .andReturn()
                    .getResponse()
                    .getContentAsString())
            .get("key")
            .asText();

    mvc.perform(withKey(post(TENANTS), key).content(acme())).andExpect(status().isCreated());
  }

  @Test
  void answersNotFoundWhenIssuingForAnUnknownTenant() throws Exception {
    expectProblem(
        mvc.perform(
            admin(post(keysOf(new TenantId(UUID.randomUUID()))))
                .content("{\"scopes\": [\"jobs:read\"]}")),
        404,
        "not-found");
  }

  @Test
  void revokesAKeyOnceSoItNoLongerAuthenticates() throws Exception {
    TenantId acme = createAcme();
    JsonNode issued = issue(acme, "[\"jobs:read\"]");
    String keyPath = keysOf(acme) + "/" + issued.get("id").asText();
    String key = issued.get("key").asText();
    mvc.perform(withKey(get("/api/v1/admin/tenants"), key)).andExpect(status().isForbidden());

    mvc.perform(admin(delete(keyPath))).andExpect(status().isNoContent());

    expectProblem(mvc.perform(withKey(get("/api/v1/admin/tenants"), key)), 401, "unauthorized")
        .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer")));
    expectProblem(mvc.perform(admin(delete(keyPath))), 404, "not-found");
  }

  @Test
  void revokesNothingThroughAnotherTenant() throws Exception {
    TenantId acme = createAcme();
    TenantId globex = create("globex");
    JsonNode issued = issue(acme, "[\"jobs:read\"]");
    String id = issued.get("id").asText();

    expectProblem(mvc.perform(admin(delete(keysOf(globex) + "/" + id))), 404, "not-found");
    expectProblem(
        mvc.perform(admin(delete(keysOf(acme) + "/" + UUID.randomUUID()))), 404, "not-found");
    expectProblem(mvc.perform(admin(delete(keysOf(acme) + "/nope"))), 404, "not-found");
    assertThat(keys.get(new ApiKeyId(UUID.fromString(id))).orElseThrow().isActive()).isTrue();
  }

  @Test
  void listsATenantsKeysWithoutTheKeys() throws Exception {
    TenantId acme = createAcme();
    JsonNode first = issue(acme, "[\"jobs:read\"]");
    JsonNode second = issue(acme, "[\"jobs:write\"]");
    mvc.perform(admin(delete(keysOf(acme) + "/" + first.get("id").asText())))
        .andExpect(status().isNoContent());

    String body =
        mvc.perform(admin(get(keysOf(acme))))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.items.length()").value(2))
            .andReturn()
            .getResponse()
            .getContentAsString();

    // Both keys were issued in the same (fixed) millisecond: find them by id, not by position.
    assertThat(body).doesNotContain(first.get("key").asText(), second.get("key").asText());
    JsonNode revoked = item(body, first.get("id").asText());
    assertThat(revoked.fieldNames())
        .toIterable()
        .containsExactly("id", "scopes", "createdAt", "revokedAt");
    assertThat(revoked.get("scopes").get(0).asText()).isEqualTo("jobs:read");
    assertThat(revoked.get("revokedAt").asText()).isEqualTo("2026-11-22T10:00:00.123Z");
    JsonNode valid = item(body, second.get("id").asText());
    assertThat(valid.get("scopes").get(0).asText()).isEqualTo("jobs:write");
    assertThat(valid.get("revokedAt").isNull()).isTrue();
    expectProblem(
        mvc.perform(admin(get(keysOf(new TenantId(UUID.randomUUID()))))), 404, "not-found");
  }

  // --- security ---------------------------------------------------------------------------------

  static Stream<MockHttpServletRequestBuilder> adminRequests() {
    String tenant = TENANTS + "/" + UUID.randomUUID();
    return Stream.of(
        post(TENANTS).contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"acme\"}"),
        get(tenant),
        post(tenant + "/api-keys")
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"scopes\": [\"jobs:read\"]}"),
        get(tenant + "/api-keys"),
        delete(tenant + "/api-keys/" + UUID.randomUUID()));
  }

  @ParameterizedTest
  @MethodSource("adminRequests")
  void needsScopeAdmin(MockHttpServletRequestBuilder request) throws Exception {
    expectProblem(
        mvc.perform(request.header(HttpHeaders.AUTHORIZATION, "Bearer " + JOBS_KEY)),
        403,
        "forbidden");
  }

  @ParameterizedTest
  @MethodSource("adminRequests")
  void needsAKey(MockHttpServletRequestBuilder request) throws Exception {
    expectProblem(mvc.perform(request), 401, "unauthorized")
        .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer")));
    assertThat(tenants.all()).isEmpty();
  }

  // --- helpers ----------------------------------------------------------------------------------

  private TenantId createAcme() throws Exception {
    return create("acme");
  }

  private TenantId create(String name) throws Exception {
    String body =
        mvc.perform(admin(post(TENANTS)).content("{\"name\": \"" + name + "\"}"))
            .andExpect(status().isCreated())
            .andReturn()
            .getResponse()
            .getContentAsString();
    return new TenantId(UUID.fromString(JSON.readTree(body).get("id").asText()));
  }

  private JsonNode issue(TenantId tenant, String scopes) throws Exception {
    return JSON.readTree(
        mvc.perform(admin(post(keysOf(tenant))).content("{\"scopes\": " + scopes + "}"))
            .andExpect(status().isCreated())
            .andReturn()
            .getResponse()
            .getContentAsString());
  }

  private static JsonNode item(String listBody, String id) throws Exception {
    for (JsonNode item : JSON.readTree(listBody).get("items")) {
      if (item.get("id").asText().equals(id)) {
        return item;
      }
    }
    throw new AssertionError("no item " + id + " in " + listBody);
  }

  private static String keysOf(TenantId tenant) {
    return TENANTS + "/" + tenant + "/api-keys";
  }

  private static String acme() {
    return "{\"name\": \"acme\", \"rateLimit\": {\"perSecond\": 100, \"burst\": 200}}";
  }

  private static String limit(String rateLimit) {
    return "{\"name\": \"acme\", \"rateLimit\": " + rateLimit + "}";
  }

  private static MockHttpServletRequestBuilder admin(MockHttpServletRequestBuilder request) {
    return withKey(request, ADMIN_KEY);
  }

  private static MockHttpServletRequestBuilder withKey(
      MockHttpServletRequestBuilder request, String key) {
    return request
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
        .contentType(MediaType.APPLICATION_JSON);
  }

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
            "Exception", "at io.", "io.fetchq", "jackson", "org.springframework", "java.lang");
    return result;
  }
}
