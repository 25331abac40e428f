package io.fetchq.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonPointersTest {

  private static jakarta.validation.ValidatorFactory factory;
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

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "url | /url",
        "retry.maxAttempts | /retry/maxAttempts",
        "headers[X-Foo] | /headers/X-Foo",
        "headers[X.Foo] | /headers/X.Foo",
        "jobs[17].url | /jobs/17/url",
        "jobs[17].headers[Accept] | /jobs/17/headers/Accept",
        "metadata[a/b~c] | /metadata/a~1b~0c",
        "metadata[] | /metadata/"
      })
  void mapsSpringPropertyPaths(String path, String pointer) {
    assertThat(JsonPointers.fromPropertyPath(path)).isEqualTo(pointer);
  }

  @Test
  void mapsTheWholeBodyToTheEmptyPointer() {
    assertThat(JsonPointers.fromPropertyPath("")).isEmpty();
    assertThat(JsonPointers.of(List.of())).isEmpty();
  }

  @Test
  void escapesTildeBeforeSlash() {
    assertThat(JsonPointers.escape("~1")).isEqualTo("~01");
    assertThat(JsonPointers.escape("a/b")).isEqualTo("a~1b");
    assertThat(JsonPointers.of(List.of("a~/b", "0"))).isEqualTo("/a~0~1b/0");
    assertThat(JsonPointers.of("url")).isEqualTo("/url");
  }

  @Test
  void nestsPointersForBatches() {
    assertThat(JsonPointers.under("/jobs/17", "/url")).isEqualTo("/jobs/17/url");
  }

  @Test
  void mapsJacksonPaths() {
    List<JsonMappingException.Reference> path =
        List.of(
            new JsonMappingException.Reference(Object.class, "jobs"),
            new JsonMappingException.Reference(List.class, 17),
            new JsonMappingException.Reference(Object.class, "headers"),
            new JsonMappingException.Reference(Map.class, "X/Y"));
    assertThat(JsonPointers.fromJackson(path)).isEqualTo("/jobs/17/headers/X~1Y");
  }

  record Retry(@Max(20) int maxAttempts) {}

  record Job(
      @NotNull String url, @Valid Retry retry, Map<@NotBlank String, @NotNull String> headers) {}

  record Batch(List<@Valid Job> jobs) {}

  @Test
  void mapsBeanValidationPathsOfNestedBatchElements() {
    Map<String, String> headers = new java.util.HashMap<>();
    headers.put("X-Foo", null);
    headers.put(" ", "v");
    Batch batch =
        new Batch(
            List.of(
                new Job("https://example.org/", null, Map.of()),
                new Job(null, new Retry(21), headers)));

    Set<ConstraintViolation<Batch>> violations = validator.validate(batch);

    assertThat(violations)
        .extracting(v -> JsonPointers.fromConstraintPath(v.getPropertyPath()))
        .containsExactlyInAnyOrder(
            "/jobs/1/url",
            "/jobs/1/retry/maxAttempts",
            "/jobs/1/headers/X-Foo",
            "/jobs/1/headers/ ");
  }
}
