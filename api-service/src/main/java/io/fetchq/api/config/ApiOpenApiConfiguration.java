package io.fetchq.api.config;

import io.fetchq.api.web.openapi.ApiComponents;
import io.fetchq.api.web.openapi.ApiConventionsCustomizer;
import io.fetchq.api.web.openapi.ApiDescription;
import io.fetchq.api.web.openapi.OperationIdCustomizer;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3.1 description served at {@code /v3/api-docs} (springdoc) and rendered by Swagger UI
 * at {@code /swagger-ui.html}: the bearer scheme required everywhere, the shared components, and
 * the customizers that apply the API's conventions (problem responses, rate-limit and idempotency
 * headers) to every operation.
 */
@Configuration(proxyBeanMethods = false)
public class ApiOpenApiConfiguration {

  /** The name of the bearer API-key security scheme. */
  static final String API_KEY_SCHEME = ApiComponents.BEARER_SCHEME;

  @Bean
  OpenAPI apiOpenApi() {
    String version = ApiOpenApiConfiguration.class.getPackage().getImplementationVersion();
    return new OpenAPI()
        .info(
            new Info()
                .title("fetchq")
                .version(version == null ? "v1" : version)
                .summary("Asynchronous HTTP fetch jobs: durable, retried, observable.")
                .description(ApiDescription.text())
                .license(new License().name("Apache-2.0").identifier("Apache-2.0")))
        .components(ApiComponents.components())
        .addSecurityItem(new SecurityRequirement().addList(API_KEY_SCHEME));
  }

  @Bean
  ApiConventionsCustomizer apiOpenApiConventions() {
    return new ApiConventionsCustomizer();
  }

  @Bean
  OperationIdCustomizer apiOperationIds() {
    return new OperationIdCustomizer();
  }
}
