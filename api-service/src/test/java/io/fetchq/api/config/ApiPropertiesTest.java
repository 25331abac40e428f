package io.fetchq.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ApiPropertiesTest {

  @Test
  void defaultsToApiMdLimitsAndNoKey() {
    ApiProperties properties = bind(Map.of());

    assertThat(properties.bootstrapAdminKey()).isEmpty();
    assertThat(properties.maxRequestSize().jobs().toBytes()).isEqualTo(1024 * 1024);
    assertThat(properties.maxRequestSize().batches().toBytes()).isEqualTo(32 * 1024 * 1024);
    assertThat(properties.sensitiveHeaders())
        .containsExactly("Authorization", "Cookie", "Proxy-Authorization", "X-Api-Key");
  }

  @Test
  void addsConfiguredSensitiveHeadersToTheDefaults() {
    ApiProperties properties =
        bind(
            Map.of(
                "fetchq.api.bootstrap-admin-key", "k",
                "fetchq.api.additional-sensitive-headers", "X-Token, X-Signature,,",
                "fetchq.api.max-request-size.jobs", "2MB"));

    assertThat(properties.bootstrapAdminKey()).isEqualTo("k");
    assertThat(properties.sensitiveHeaders())
        .containsExactly(
            "Authorization",
            "Cookie",
            "Proxy-Authorization",
            "X-Api-Key",
            "X-Token",
            "X-Signature");
    assertThat(properties.maxRequestSize().jobs().toMegabytes()).isEqualTo(2);
  }

  @Test
  void bindsAllowedCidrs() {
    ApiDestinationProperties destinations =
        new Binder(
                new MapConfigurationPropertySource(
                    Map.of("fetchq.destinations.allowed-cidrs", "127.0.0.0/8")))
            .bindOrCreate("fetchq.destinations", ApiDestinationProperties.class);

    assertThat(destinations.allowedCidrs()).isEqualTo("127.0.0.0/8");
    assertThat(new ApiConfiguration().apiDestinationPolicy(destinations).allowed()).hasSize(1);
  }

  @Test
  void describesTheApiWithBearerSecurity() {
    OpenAPI openApi = new ApiOpenApiConfiguration().apiOpenApi();

    assertThat(openApi.getInfo().getTitle()).isEqualTo("fetchq");
    assertThat(openApi.getInfo().getVersion()).isNotBlank();
    SecurityScheme scheme =
        openApi.getComponents().getSecuritySchemes().get(ApiOpenApiConfiguration.API_KEY_SCHEME);
    assertThat(scheme.getType()).isEqualTo(SecurityScheme.Type.HTTP);
    assertThat(scheme.getScheme()).isEqualTo("bearer");
    assertThat(openApi.getSecurity())
        .singleElement()
        .satisfies(
            requirement ->
                assertThat(requirement).containsKey(ApiOpenApiConfiguration.API_KEY_SCHEME));
  }

  private static ApiProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("fetchq.api", ApiProperties.class);
  }
}
