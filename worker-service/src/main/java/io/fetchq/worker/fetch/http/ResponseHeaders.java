package io.fetchq.worker.fetch.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hc.core5.http.Header;

/** Normalises response headers to the stored form. */
final class ResponseHeaders {

  private ResponseHeaders() {}

  /**
   * Lowercase names (first-seen order), repeated values joined with {@code ", "}, control
   * characters in values replaced by spaces (the database's JSON type refuses some of them).
   */
  static Map<String, String> normalize(Header[] headers) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Header header : headers) {
      String name = header.getName().toLowerCase(Locale.ROOT);
      String value = clean(header.getValue());
      out.merge(name, value, (a, b) -> a + ", " + b);
    }
    return out;
  }

  private static String clean(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      out.append(Character.isISOControl(c) && c != '\t' ? ' ' : c);
    }
    return out.toString();
  }
}
