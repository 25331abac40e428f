package io.fetchq.api.jobs.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The job request constraints outside Spring, with Hibernate Validator's own interpolation. */
class ValidatorsTest {

  private static ValidatorFactory factory;
  private static Validator validator;

  @BeforeAll
  static void validator() {
    factory = Validation.buildDefaultValidatorFactory();
    validator = factory.getValidator();
  }

  @AfterAll
  static void close() {
    factory.close();
  }

  @Test
  void acceptsAMinimalRequest() {
    assertThat(validator.validate(request("https://example.org/", null, null, null))).isEmpty();
  }

  @Test
  void reportsRuleReasonsVerbatimEvenWithTemplateSyntax() {
    // '$', '{' and '}' in a reason must not be interpreted as message-template expressions.
    Set<ConstraintViolation<SubmitJobRequest>> violations =
        validator.validate(request("https://example.org/", Map.of("X-${1+1}", "v"), null, null));

    assertThat(violations)
        .singleElement()
        .satisfies(v -> assertThat(v.getMessage()).contains("HTTP token"));
  }

  @Test
  void measuresTextBodiesInUtf8Bytes() {
    String atLimit = "€".repeat(256 * 1024 / 3) + "a";
    assertThat(atLimit.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .isEqualTo(256 * 1024);

    assertThat(validator.validate(request("https://example.org/", null, atLimit, null))).isEmpty();
    assertThat(validator.validate(request("https://example.org/", null, atLimit + "a", null)))
        .hasSize(1);
  }

  @Test
  void refusesBase64WithLineBreaks() {
    assertThat(validator.validate(request("https://example.org/", null, null, "YWJj\nZGVm")))
        .hasSize(1);
    assertThat(validator.validate(request("https://example.org/", null, null, "YWJjZGVm")))
        .isEmpty();
  }

  private static SubmitJobRequest request(
      String url, Map<String, String> headers, String body, String bodyBase64) {
    return new SubmitJobRequest(url, null, headers, body, bodyBase64, null, null, null, null, null);
  }
}
