package io.fetchq.api.web.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiConventionsCustomizerTest {

  private final ApiConventionsCustomizer customizer = new ApiConventionsCustomizer();

  @Test
  void addsProblemsByShapeOfTheOperation() {
    Operation list = ok().addParametersItem(new QueryParameter().name("cursor"));
    Operation replay =
        ok().addParametersItem(new PathParameter().name("id"))
            .requestBody(new RequestBody().content(json()));
    OpenAPI api =
        secured(
            new Paths()
                .addPathItem("/api/v1/admin/dead-letters", new PathItem().get(list))
                .addPathItem(
                    "/api/v1/admin/dead-letters/{id}/replay", new PathItem().post(replay)));

    customizer.customise(api);

    assertThat(list.getResponses().keySet()).containsExactly("200", "400", "401", "403", "500");
    assertThat(replay.getResponses().keySet())
        .containsExactly("200", "400", "401", "403", "404", "409", "413", "415", "422", "500");
    assertThat(replay.getResponses().get("422").get$ref())
        .isEqualTo("#/components/responses/UnprocessableContent");
    assertThat(list.getTags()).containsExactly("Dead letters");
    assertThat(api.getTags()).extracting(Tag::getName).containsExactly("Dead letters");
  }

  @Test
  void leavesPublicOperationsWithoutAuthenticationProblems() {
    Operation open = ok().security(List.of());
    customizer.customise(
        secured(new Paths().addPathItem("/api/v1/status", new PathItem().get(open))));

    assertThat(open.getResponses().keySet()).containsExactly("200", "500");
    assertThat(open.getTags()).containsExactly("Other");
  }

  @Test
  void documentsAnIdempotentCreationDeclaredByItsController() {
    ApiResponse accepted = new ApiResponse().description("Batch accepted").content(json());
    Operation submit =
        new Operation()
            .tags(List.of("Batches custom"))
            .requestBody(new RequestBody().content(json()))
            .addParametersItem(new HeaderParameter().name("idempotency-key"))
            .responses(new ApiResponses().addApiResponse("202", accepted));

    OpenAPI api = secured(new Paths().addPathItem("/api/v1/batches", new PathItem().post(submit)));
    api.getComponents().addParameters(ApiComponents.IDEMPOTENCY_KEY, new HeaderParameter());

    customizer.customise(api);

    assertThat(submit.getParameters()).hasSize(1);
    assertThat(api.getComponents().getParameters()).isEmpty();
    assertThat(accepted.getDescription()).isEqualTo("Batch accepted");
    assertThat(accepted.getHeaders()).containsKeys("Location", "RateLimit", "RateLimit-Policy");
    assertThat(submit.getResponses().get("200").getHeaders()).containsKey("Idempotent-Replayed");
    assertThat(submit.getResponses().keySet()).contains("409", "429");
    assertThat(submit.getTags()).containsExactly("Batches custom");
    ApiResponse invalid = submit.getResponses().get("422");
    assertThat(invalid.get$ref()).isNull();
    assertThat(invalid.getHeaders()).containsOnlyKeys("RateLimit", "RateLimit-Policy");
    assertThat(invalid.getContent()).containsKey(ApiComponents.PROBLEM_JSON);
    assertThat(submit.getResponses().get("401").get$ref())
        .isEqualTo("#/components/responses/Unauthorized");
    assertThat(submit.getResponses().get("429").get$ref())
        .isEqualTo("#/components/responses/TooManyRequests");
  }

  @Test
  void toleratesADocumentWithoutPaths() {
    OpenAPI api = new OpenAPI();

    customizer.customise(api);

    assertThat(api.getTags()).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "/api/v1/jobs, Jobs, true",
    "/api/v1/jobs/{id}/attempts, Jobs, true",
    "/api/v1/jobsx, Other, false",
    "/api/v1/batches/{id}/jobs, Batches, true",
    "/api/v1/admin/tenants, Admin, false",
    "/api/v1/admin/dead-letters/replay, Dead letters, false",
    "/api/v1/webhook-secret/rotate, Webhooks, false"
  })
  void tagsAndRateLimitsByPathArea(String path, String tag, boolean rateLimited) {
    assertThat(ApiConventionsCustomizer.tagFor(path).getName()).isEqualTo(tag);
    assertThat(ApiConventionsCustomizer.isRateLimited(path)).isEqualTo(rateLimited);
  }

  private static Operation ok() {
    return new Operation()
        .tags(List.of("dead-letter-admin-controller"))
        .responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("OK")));
  }

  private static Content json() {
    return new Content().addMediaType("application/json", new MediaType());
  }

  private static OpenAPI secured(Paths paths) {
    return new OpenAPI()
        .components(new Components())
        .addSecurityItem(new SecurityRequirement().addList(ApiComponents.BEARER_SCHEME))
        .paths(paths);
  }
}
