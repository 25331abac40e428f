package io.fetchq.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.TestApi;
import io.fetchq.api.web.PlainTraversal;
import jakarta.validation.ValidatorFactory;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The validator behind Spring MVC's {@code @Valid} skips JPA's reachability checks, and still
 * validates nested request properties.
 */
class RequestValidationIT extends ApiIntegrationTest {

  @Autowired private ValidatorFactory validators;

  @Test
  void theValidatorTraversesWithoutAskingJpa() {
    assertThat(validators.getTraversableResolver()).isInstanceOf(PlainTraversal.class);
  }

  @Test
  void nestedPropertiesAreStillValidated() throws Exception {
    TestApi api = new TestApi(baseUrl(), ADMIN_KEY);
    String key = api.tenantKey(100, 100);

    HttpResponse<String> response =
        api.send(
            "POST",
            "/api/v1/jobs",
            key,
            "{\"url\": \"https://example.com/\", \"retry\": {\"maxAttempts\": 0}}");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).contains("/retry/maxAttempts");
  }
}
