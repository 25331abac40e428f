package io.fetchq.api.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI 3.1 description served at {@code /v3/api-docs} (springdoc). */
@Configuration(proxyBeanMethods = false)
public class ApiOpenApiConfiguration {

  /** The name of the bearer API-key security scheme. */
  static final String API_KEY_SCHEME = "apiKey";

  @Bean
  OpenAPI apiOpenApi() {
    String version = ApiOpenApiConfiguration.class.getPackage().getImplementationVersion();
    return new OpenAPI()
        .info(
            new Info()
                .title("fetchq")
                .version(version == null ? "v1" : version)
                .description(
                    "Asynchronous HTTP fetch jobs. Errors are RFC 9457 application/problem+json"
                        + " with stable type URIs under https://fetchq.io/problems/; validation"
                        + " errors list JSON pointers into the request body. Timestamps are"
                        + " RFC 3339 UTC with milliseconds.")
                .license(new License().name("Apache-2.0")))
        .components(
            new Components()
                .addSecuritySchemes(
                    API_KEY_SCHEME,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description("Authorization: Bearer <api key>")))
        .addSecurityItem(new SecurityRequirement().addList(API_KEY_SCHEME));
  }
}
