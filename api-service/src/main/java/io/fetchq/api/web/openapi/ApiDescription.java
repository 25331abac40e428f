package io.fetchq.api.web.openapi;

import io.fetchq.api.web.ProblemType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The description of the API in the OpenAPI document ({@code info.description}, CommonMark): the
 * conventions API.md states, and what it leaves open decided as documented in {@code
 * openapi/description.md}, followed by the table of {@link ProblemType}s.
 */
public final class ApiDescription {

  static final String RESOURCE = "/openapi/description.md";

  private ApiDescription() {}

  /** The text, read from the classpath. */
  public static String text() {
    try (InputStream in = ApiDescription.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip()
          + "\n\n"
          + problemTypes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A table of every problem type: status, type URI, title. */
  static String problemTypes() {
    return "| status | type | title |\n| --- | --- | --- |\n"
        + Arrays.stream(ProblemType.values())
            .map(t -> "| " + t.status() + " | `" + t.uri() + "` | " + t.title() + " |")
            .collect(Collectors.joining("\n"))
        + "\n";
  }
}
