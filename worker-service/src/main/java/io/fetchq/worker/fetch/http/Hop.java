package io.fetchq.worker.fetch.http;

import io.fetchq.worker.fetch.domain.FetchRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One request of a redirect chain.
 *
 * @param method the HTTP method
 * @param url the absolute URL
 * @param headers the job's headers still sent, name to value
 * @param body the body, or null
 */
record Hop(String method, URI url, Map<String, String> headers, byte[] body) {

  /** Headers describing a body, dropped with it (Fetch standard "request-body-header name"). */
  static final Set<String> BODY_HEADERS =
      Set.of("content-type", "content-encoding", "content-language", "content-location");

  Hop {
    headers = Map.copyOf(headers);
  }

  /** The first request: the job's own. */
  static Hop of(FetchRequest request) {
    return new Hop(request.method(), request.url(), request.headers(), request.body());
  }

  /**
   * The request following a {@code status} redirect to {@code location}: see {@link
   * Redirects#methodAfter}; a request whose method changes, or that follows a 303, loses its body
   * and the headers describing it.
   */
  Hop redirected(int status, URI location) {
    String nextMethod = Redirects.methodAfter(status, method);
    boolean dropBody = status == 303 || !nextMethod.equals(method);
    return new Hop(
        nextMethod,
        location,
        dropBody ? without(headers, BODY_HEADERS) : headers,
        dropBody ? null : body);
  }

  /** This request without the headers named in {@code lowercaseNames}, in any case. */
  Hop withoutHeaders(Set<String> lowercaseNames) {
    return new Hop(method, url, without(headers, lowercaseNames), body);
  }

  private static Map<String, String> without(Map<String, String> headers, Set<String> names) {
    Map<String, String> kept = new LinkedHashMap<>();
    headers.forEach(
        (name, value) -> {
          if (!names.contains(name.toLowerCase(Locale.ROOT))) {
            kept.put(name, value);
          }
        });
    return kept;
  }

  /** Header names and the body's size only: values never reach a log line. */
  @Override
  public String toString() {
    return "Hop[method="
        + method
        + ", url="
        + url
        + ", headerNames="
        + headers.keySet()
        + ", bodyBytes="
        + (body == null ? 0 : body.length)
        + "]";
  }
}
