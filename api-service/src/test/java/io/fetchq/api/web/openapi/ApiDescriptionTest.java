package io.fetchq.api.web.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.api.web.ProblemType;
import org.junit.jupiter.api.Test;

class ApiDescriptionTest {

  @Test
  void listsEveryProblemTypeAfterTheConventions() {
    String text = ApiDescription.text();

    assertThat(text).contains("## Conventions", "## Idempotency", "## Rate limits", "## Errors");
    for (ProblemType type : ProblemType.values()) {
      assertThat(text).contains("| " + type.status() + " | `" + type.uri() + "` |");
    }
  }
}
