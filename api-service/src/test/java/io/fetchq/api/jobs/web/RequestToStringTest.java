package io.fetchq.api.jobs.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whoever prints a job request (Spring MVC does at DEBUG) sees header names, never values. */
class RequestToStringTest {

  private final SubmitJobRequest request =
      new SubmitJobRequest(
          "https://example.org/a",
          null,
          Map.of("Authorization", "Bearer secret-xyz"),
          "password=hunter2",
          null,
          null,
          null,
          null,
          "https://example.org/hook",
          null);

  @Test
  void submitRequestShowsHeaderNamesButNoValueOrBody() {
    assertThat(request.toString())
        .contains("Authorization", "https://example.org/a", "body=present")
        .doesNotContain("secret-xyz", "hunter2");
  }

  @Test
  void domainRequestShowsHeaderNamesButNoValueOrBody() {
    assertThat(request.toJobRequest().toString())
        .contains("Authorization", "https://example.org/hook", "body=present")
        .doesNotContain("secret-xyz", "hunter2");
  }
}
