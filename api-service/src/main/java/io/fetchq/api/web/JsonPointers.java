package io.fetchq.api.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6901 JSON Pointers into a request body, from the paths Jackson and Bean Validation report.
 * Every source yields the same pointer for the same value: {@code headers[X-Foo]} and the Jackson
 * path {@code headers → X-Foo} both become {@code /headers/X-Foo}; a batch element {@code
 * jobs[17].url} becomes {@code /jobs/17/url}.
 */
public final class JsonPointers {

  private JsonPointers() {}

  /** The pointer made of {@code segments}, each escaped; {@code ""} (the whole body) when empty. */
  public static String of(List<String> segments) {
    StringBuilder pointer = new StringBuilder();
    for (String segment : segments) {
      pointer.append('/').append(escape(segment));
    }
    return pointer.toString();
  }

  /** The pointer to the top-level field {@code name}. */
  public static String of(String name) {
    return of(List.of(name));
  }

  /** {@code pointer} below {@code prefix}: {@code ("/jobs/17", "/url")} is {@code /jobs/17/url}. */
  public static String under(String prefix, String pointer) {
    return prefix + pointer;
  }

  /** Escapes one reference token: {@code ~} becomes {@code ~0}, {@code /} becomes {@code ~1}. */
  public static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }

  /** The pointer to where Jackson failed. */
  public static String fromJackson(List<JsonMappingException.Reference> path) {
    List<String> segments = new ArrayList<>();
    for (JsonMappingException.Reference reference : path) {
      if (reference.getFieldName() != null) {
        segments.add(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        segments.add(Integer.toString(reference.getIndex()));
      }
    }
    return of(segments);
  }

  /**
   * The pointer to a Bean Validation violation. Property names become segments; an element of a
   * list, array or map adds its index or key; container-element nodes ({@code <map value>}) and
   * method or parameter nodes add nothing.
   */
  public static String fromConstraintPath(Path path) {
    List<String> segments = new ArrayList<>();
    for (Path.Node node : path) {
      ElementKind kind = node.getKind();
      if (kind == ElementKind.METHOD
          || kind == ElementKind.CONSTRUCTOR
          || kind == ElementKind.PARAMETER
          || kind == ElementKind.CROSS_PARAMETER
          || kind == ElementKind.RETURN_VALUE) {
        continue;
      }
      if (node.isInIterable()) {
        Object position = node.getIndex() != null ? node.getIndex() : node.getKey();
        if (position != null) {
          segments.add(String.valueOf(position));
        }
      }
      String name = node.getName();
      if (kind == ElementKind.PROPERTY && name != null && !name.startsWith("<")) {
        segments.add(name);
      }
    }
    return of(segments);
  }

  /**
   * The pointer for a Spring binding path such as {@code retry.maxAttempts}, {@code headers[X-Foo]}
   * or {@code jobs[17].url}. Used only when no structured path is available; a bracketed key runs
   * to the next {@code ]}.
   */
  public static String fromPropertyPath(String propertyPath) {
    List<String> segments = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int i = 0;
    while (i < propertyPath.length()) {
      char c = propertyPath.charAt(i);
      if (c == '.' || c == '[') {
        flush(current, segments);
        if (c == '[') {
          int close = propertyPath.indexOf(']', i + 1);
          int end = close < 0 ? propertyPath.length() : close;
          segments.add(propertyPath.substring(i + 1, end));
          i = end;
        }
      } else {
        current.append(c);
      }
      i++;
    }
    flush(current, segments);
    return of(segments);
  }

  private static void flush(StringBuilder current, List<String> segments) {
    if (!current.isEmpty()) {
      segments.add(current.toString());
      current.setLength(0);
    }
  }
}
