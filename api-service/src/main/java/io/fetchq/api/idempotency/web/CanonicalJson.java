package io.fetchq.api.idempotency.web;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical JSON text of a parsed request, for request fingerprints: members sorted by name (in
 * UTF-16 code unit order, as RFC 8785 does), no whitespace, strings with Jackson's minimal
 * escaping, numbers as their shortest plain decimal ({@code 2}, {@code 2.0} and {@code 2e0} are all
 * {@code 2}), and members whose value is null left out.
 *
 * <p>The input is the request as the API parsed it (its request record), so member order,
 * whitespace and escapes of the original text do not matter, and neither do unknown members (the
 * API refuses those). Defaults are not applied: {@code {"url": x}} and {@code {"url": x, "method":
 * "GET"}} are different requests, as Stripe compares the parameters as sent. An explicit {@code
 * null} is the same as an absent member, because both mean "the default" to this API.
 */
public final class CanonicalJson {

  /** Thread-safe once built and never reconfigured; independent of the API's JSON dialect. */
  private static final ObjectMapper TREES = JsonMapper.builder().build();

  private CanonicalJson() {}

  /** The canonical text of {@code request} (a request record, a map, or a {@link JsonNode}). */
  public static String of(Object request) {
    StringBuilder out = new StringBuilder();
    write(TREES.valueToTree(request), out);
    return out.toString();
  }

  private static void write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> writeObject(node, out);
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(node.get(i), out);
        }
        out.append(']');
      }
      case NUMBER -> out.append(number(node));
      case STRING -> quote(node.textValue(), out);
      case BOOLEAN -> out.append(node.booleanValue());
      default -> out.append("null");
    }
  }

  private static void writeObject(JsonNode node, StringBuilder out) {
    Map<String, JsonNode> sorted = new TreeMap<>();
    for (Map.Entry<String, JsonNode> member : node.properties()) {
      if (!member.getValue().isNull()) {
        sorted.put(member.getKey(), member.getValue());
      }
    }
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, JsonNode> member : sorted.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      quote(member.getKey(), out);
      out.append(':');
      write(member.getValue(), out);
    }
    out.append('}');
  }

  private static String number(JsonNode node) {
    if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
      return node.asText();
    }
    BigDecimal value = node.decimalValue().stripTrailingZeros();
    return value.signum() == 0 ? "0" : value.toPlainString();
  }

  private static void quote(String text, StringBuilder out) {
    out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(text)).append('"');
  }
}
